import { DateTimeResolver, SafeIntResolver } from 'graphql-scalars';
import { GraphQLUpload } from 'graphql-upload-minimal';
import { builder } from './builder.js';

builder.addScalarType('DateTime', DateTimeResolver, {
  description: 'An ISO-8601 date-time string, e.g. 2026-11-25T14:15:08.000Z.',
});
builder.addScalarType('SafeInt', SafeIntResolver, {
  description: 'An integer up to 2^53 - 1. Object sizes exceed GraphQL Int (2^31 - 1).',
});
builder.addScalarType('Upload', GraphQLUpload, {
  description: 'A file sent with the GraphQL multipart request spec.',
});
