import type { FastifyInstance } from 'fastify';
import { DocjobsError } from '../../core/errors.ts';
import type { TimeWindow } from '../../core/time-window.ts';
import type { Context } from '../../services/context.ts';
import { jobStats } from '../../services/job-stats.ts';
import { usageReport } from '../../services/usage-report.ts';
import { closedComponent } from '../schemas/registry.ts';
import { errorResponses } from '../schemas.ts';

const periods = { '24h': 24, '7d': 7 * 24, '30d': 30 * 24 } as const;
type Period = keyof typeof periods;
interface WindowQuery {
  period?: Period;
  from?: string;
  to?: string;
}

const hour = 3_600_000;
/** A year: the per-day usage of a longer window would be a report, not an API answer. */
const maxWindowMs = 366 * 24 * hour;

const windowQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    period: {
      type: 'string',
      enum: Object.keys(periods),
      description: 'The last 24 hours, 7 or 30 days (the default); or give `from` and/or `to`',
    },
    from: { type: 'string', format: 'date-time', description: 'Start, inclusive' },
    to: { type: 'string', format: 'date-time', description: 'End, exclusive (default: now)' },
  },
} as const;

/** `period` ends now; `from`/`to` set the window instead (a missing `from` is `to` − 30 days). */
export function statsWindow(query: WindowQuery, now = new Date()): TimeWindow {
  if (query.period && (query.from || query.to)) {
    throw new DocjobsError('VALIDATION_ERROR', 'give period, or from/to, not both', {
      details: { field: 'period' },
    });
  }
  const to = query.to ? new Date(query.to) : now;
  const from = query.from
    ? new Date(query.from)
    : new Date(to.getTime() - periods[query.period ?? '30d'] * hour);
  if (from >= to) {
    throw new DocjobsError('VALIDATION_ERROR', 'from must be before to', { details: { field: 'from' } });
  }
  if (to.getTime() - from.getTime() > maxWindowMs) {
    throw new DocjobsError('VALIDATION_ERROR', 'the window is at most 366 days', {
      details: { field: 'from' },
    });
  }
  return { from, to };
}

const counts = { type: 'object', additionalProperties: { type: 'integer' } } as const;
const nullableNumber = { type: ['number', 'null'] } as const;

const statsSchema = closedComponent('JobStats', {
  type: 'object',
  properties: {
    from: { type: 'string', format: 'date-time' },
    to: { type: 'string', format: 'date-time' },
    totalJobs: { type: 'integer' },
    completedJobs: { type: 'integer' },
    failedJobs: { type: 'integer' },
    successRate: nullableNumber,
    byStatus: counts,
    byType: counts,
    byExtractor: counts,
    processingMs: closedComponent('ProcessingTimes', {
      type: 'object',
      description: 'Milliseconds from start to end of the completed and partial jobs',
      properties: { avg: nullableNumber, p50: nullableNumber, p95: nullableNumber },
    } as const),
    avgQuality: nullableNumber,
    avgConfidence: nullableNumber,
    pages: { type: 'integer' },
    credits: { type: 'integer' },
    days: {
      type: 'array',
      description: 'Every UTC day the window touches, days without jobs too, oldest first',
      items: closedComponent('JobStatsDay', {
        type: 'object',
        properties: {
          date: { type: 'string', format: 'date' },
          total: { type: 'integer' },
          byStatus: counts,
          processingMs: closedComponent('DayProcessingTimes', {
            type: 'object',
            description: "Milliseconds, over the day's completed and partial jobs",
            properties: { p50: nullableNumber, p95: nullableNumber },
          } as const),
        },
      } as const),
    },
    qualityHistogram: {
      type: 'array',
      description: 'Quality scores in ten bins [from, to), the last one closed at 1',
      items: closedComponent('QualityBin', {
        type: 'object',
        properties: { from: { type: 'number' }, to: { type: 'number' }, count: { type: 'integer' } },
      } as const),
    },
  },
} as const);

const amounts = {
  jobs: { type: 'integer' },
  pages: { type: 'integer' },
  processingMs: { type: 'integer' },
  credits: { type: 'integer' },
  llmTokens: { type: 'integer', description: 'Tokens LLM engines used' },
} as const;

const usageSchema = closedComponent('Usage', {
  type: 'object',
  properties: {
    from: { type: 'string', format: 'date-time' },
    to: { type: 'string', format: 'date-time' },
    totals: closedComponent('UsageAmounts', { type: 'object', properties: amounts } as const),
    days: {
      type: 'array',
      items: closedComponent('UsageDay', {
        type: 'object',
        description: 'The usage of one UTC day and job type',
        properties: {
          date: { type: 'string', format: 'date' },
          type: { type: 'string' },
          ...amounts,
        },
      } as const),
    },
  },
} as const);

export function statsRoutes(app: FastifyInstance, ctx: Context): void {
  app.get<{ Querystring: WindowQuery }>(
    '/v1/jobs/stats',
    {
      schema: {
        operationId: 'getJobStats',
        summary: 'Statistics of the jobs created in a period',
        description:
          "Finished jobs count with the status they ended in, also after they were deleted or purged (from their usage records); queued, processing and retrying jobs as they are now. `completedJobs` are completed or partial, `failedJobs` failed or timeout, `successRate` = completed / (completed + failed): cancelled jobs are left out. `processingMs` is over completed and partial jobs. `byExtractor` leaves out jobs run without an extractor. `days` (jobs per UTC day by status, processing p50/p95 per day) and `qualityHistogram` are the series of the console's charts.",
        tags: ['jobs'],
        querystring: windowQuery,
        response: {
          200: statsSchema,
          ...errorResponses,
        },
      },
    },
    async (request) => jobStats(ctx, request.org.id, statsWindow(request.query)),
  );

  app.get<{ Querystring: WindowQuery }>(
    '/v1/usage',
    {
      schema: {
        operationId: 'getUsage',
        summary: 'Usage of the jobs that finished in a period, in total and per UTC day and type',
        description:
          'One usage record per finished job, kept after the job is deleted or purged. Credits: 1 per page of a job that ended completed or partial (at least 1); failed, timed-out and cancelled jobs cost none.',
        tags: ['usage'],
        querystring: windowQuery,
        response: {
          200: usageSchema,
          ...errorResponses,
        },
      },
    },
    async (request) => usageReport(ctx, request.org.id, statsWindow(request.query)),
  );
}
