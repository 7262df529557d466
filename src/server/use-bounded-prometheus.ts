import { getOperationAST, type DocumentNode } from 'graphql';
import { createCounter, createHistogram, createSummary, usePrometheus, type FillLabelsFnParams } from '@graphql-yoga/plugin-prometheus';
import type { Plugin } from 'graphql-yoga';
import type { Registry } from 'prom-client';
import type { OperationNameLabels } from '../observability.js';

/**
 * yoga's Prometheus metrics, with operation names as labels only once a document of that name passed validation (see
 * OperationNameLabels): every new name a client makes up would otherwise be new series, kept for the process's life.
 * Error paths are no label either: they hold the client's aliases and list indices.
 */
export function useBoundedPrometheus({
  registry,
  endpoint,
  names,
}: {
  registry: Registry;
  endpoint: string;
  names: OperationNameLabels;
}): Plugin[] {
  const labelNames = ['operationType', 'operationName'] as const;
  const labels = ({ operationName, operationType }: FillLabelsFnParams) => ({
    operationName: names.label(operationName),
    operationType: operationType ?? 'unknown',
  });
  const histogram = <Phase>(name: string, help: string, phases: [Phase, ...Phase[]]) =>
    createHistogram({ registry, histogram: { name, help, labelNames }, fillLabelsFn: labels, phases });
  return [
    {
      onValidate({ params, context }) {
        const { operationName } = (context as { params?: { operationName?: string } }).params ?? {};
        return ({ valid }) => {
          const name = getOperationAST(params.documentAST as DocumentNode, operationName)?.name?.value;
          if (valid && name !== undefined) names.admit(name);
        };
      },
    },
    usePrometheus({
      registry,
      endpoint,
      metrics: {
        // Without the per-URL HTTP histogram: its labels would hold keys from query strings, one series per URL.
        graphql_yoga_http_duration: false,
        graphql_envelop_request: createCounter({
          registry,
          counter: { name: 'graphql_envelop_request', help: 'Counts the amount of GraphQL requests executed through Envelop', labelNames },
          fillLabelsFn: labels,
          phases: ['execute', 'subscribe'],
        }),
        graphql_envelop_request_duration: histogram(
          'graphql_envelop_request_duration',
          'Time spent on running the GraphQL operation from parse to execute',
          ['execute', 'subscribe'],
        ),
        graphql_envelop_request_time_summary: createSummary({
          registry,
          summary: {
            name: 'graphql_envelop_request_time_summary',
            help: 'Summary to measure the time to complete GraphQL operations',
            labelNames,
          },
          fillLabelsFn: labels,
          phases: ['execute', 'subscribe'],
        }),
        graphql_envelop_phase_parse: histogram('graphql_envelop_phase_parse', 'Time spent on running GraphQL "parse" function', ['parse']),
        graphql_envelop_phase_validate: histogram('graphql_envelop_phase_validate', 'Time spent on running GraphQL "validate" function', [
          'validate',
        ]),
        graphql_envelop_phase_context: histogram('graphql_envelop_phase_context', 'Time spent on building the GraphQL context', [
          'context',
        ]),
        graphql_envelop_phase_execute: histogram('graphql_envelop_phase_execute', 'Time spent on running the GraphQL "execute" function', [
          'execute',
        ]),
        graphql_envelop_phase_subscribe: histogram(
          'graphql_envelop_phase_subscribe',
          'Time spent on running the GraphQL "subscribe" function',
          ['subscribe'],
        ),
        graphql_envelop_error_result: createCounter({
          registry,
          counter: {
            name: 'graphql_envelop_error_result',
            help: 'Counts the amount of errors reported from all phases',
            labelNames: [...labelNames, 'phase'],
          },
          fillLabelsFn: (params) => ({ ...labels(params), phase: params.errorPhase }),
          phases: ['parse', 'validate', 'context', 'execute', 'subscribe'],
        }),
        // The schema deprecates nothing; its labels would be field names, which the schema bounds, and operation names.
        graphql_envelop_deprecated_field: false,
      },
    }),
  ];
}
