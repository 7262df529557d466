import { builder } from './builder.js';
import './scalars.js';
import './errors.js';
import './bucket.js';
import './prefix.js';
import './object.js';
import './document.js';
import './job.js';
import './object-change.js';

export const schema = builder.toSchema();
