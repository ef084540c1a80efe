// Pure reading of AYON's event table: what the page shows, computed from the events alone.
import type { AyonEvent } from './ayon'

/** The processor's default enroll retries (Processor:MaxRetries): a failed job with more retries than this stays failed. */
export const MAX_RETRIES = 3

/** The ftrack-shaped topic of a drift request and the AYON topic of its answer (src/Features/Operator/DriftRequest.cs). */
export const DRIFT_REQUEST_TOPIC = 'ayon.ftrack.operator.drift.requested'
export const DRIFT_REPORT_TOPIC = 'ftrack.operator.drift.report'

/** The sender of the page's own leeched events (its drift requests): not a leecher. */
export const PAGE_SENDER = 'ftrack-operator-page'

export interface ProjectRow {
  name: string
  ftrackId: string | null
  autoSync: boolean | null
  autoSyncCheckedAt: string | null
  lastProcessed: { topic: string; sourceCreatedAt: string; processedAt: string } | null
  waiting: number
  lagSeconds: number
}

export interface ServiceRow {
  role: 'leecher' | 'processor' | 'transmitter'
  /** The service's name (AYON_SERVICE_NAME); null when no service of the role appears in the recent events. */
  name: string | null
  lastSeen: string | null
  version: string | null
}

export interface JobRow {
  id: string
  topic: string
  project: string | null
  slices: { slice: string; message: string }[]
  reason: string
  retries: number
  dead: boolean
  updatedAt: string
}

export interface DriftSide {
  id: string
  type: string
  path?: string | null
}

export interface DriftItem {
  kind: string
  path: string
  detail: string
  ftrack: DriftSide | null
  ayon: DriftSide | null
}

export interface DriftReport {
  requestId: string
  project: string
  error: string | null
  autoSync: boolean | null
  ftrackServer: string | null
  ftrackProjectId: string | null
  count: number
  truncated: boolean
  items: DriftItem[]
  createdAt: string
}

const seconds = (iso: string) => Date.parse(iso) / 1000

function record(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null
}

/** The ftrack project id a leeched ftrack event is about: a `show` entity or parent of `data.entities`; null when it names none. */
export function ftrackProjectOf(payload: Record<string, unknown>): string | null {
  const data = record(payload.data)
  const entities = Array.isArray(data?.entities) ? data!.entities : []
  for (const raw of entities) {
    const entity = record(raw)
    if (!entity) continue
    if (entity.entityType === 'show' && text(entity.entityId)) return entity.entityId as string
    const parents = Array.isArray(entity.parents) ? entity.parents : []
    for (const rawParent of parents) {
      const parent = record(rawParent)
      if (parent?.entityType === 'show' && text(parent.entityId)) return parent.entityId as string
    }
  }
  return null
}

export interface ProjectStatus {
  rows: ProjectRow[]
  /** Leeched events that carry no payload (they cannot be given to a project). */
  withoutPayload: string[]
}

/**
 * Per project: the newest leeched ftrack event whose ftrack.proc job finished, how many of its leeched events wait
 * (no job yet, or a job not finished), and the lag: the age of the oldest waiting one (0 when none waits).
 * `leech` and `jobs` are the newest events of each topic the page read; older ones are not counted.
 */
export function projectStatus(
  projects: { name: string; ftrackId: string | null }[],
  leech: AyonEvent[],
  jobs: AyonEvent[],
  reports: DriftReport[],
  now: Date,
): ProjectStatus {
  const jobBySource = new Map<string, AyonEvent>()
  for (const job of jobs) if (job.depends_on) jobBySource.set(job.depends_on, job)
  const byFtrack = new Map<string, ProjectRow>()
  const rows: ProjectRow[] = projects.map((p) => {
    const report = reports.find((r) => r.project === p.name && r.error === null)
    const row: ProjectRow = {
      name: p.name,
      ftrackId: p.ftrackId,
      autoSync: report ? report.autoSync : null,
      autoSyncCheckedAt: report ? report.createdAt : null,
      lastProcessed: null,
      waiting: 0,
      lagSeconds: 0,
    }
    if (p.ftrackId) byFtrack.set(p.ftrackId, row)
    return row
  })
  const withoutPayload: string[] = []
  const oldestWaiting = new Map<ProjectRow, number>()
  for (const event of leech) {
    const payload = record(event.payload)
    if (!payload || Object.keys(payload).length === 0) {
      withoutPayload.push(event.id)
      continue
    }
    const projectId = ftrackProjectOf(payload)
    const row = projectId ? byFtrack.get(projectId) : undefined
    if (!row) continue
    const job = jobBySource.get(event.id)
    if (job?.status === 'failed' && (job.retries ?? 0) > MAX_RETRIES) continue // a dead letter: listed as failed, not waiting
    if (job?.status === 'finished') {
      if (!row.lastProcessed || seconds(event.created_at) > seconds(row.lastProcessed.sourceCreatedAt)) {
        row.lastProcessed = { topic: text(payload.topic) ?? '?', sourceCreatedAt: event.created_at, processedAt: job.updated_at }
      }
    } else {
      row.waiting += 1
      const created = seconds(event.created_at)
      oldestWaiting.set(row, Math.min(oldestWaiting.get(row) ?? created, created))
    }
  }
  for (const [row, created] of oldestWaiting) row.lagSeconds = Math.max(0, Math.round(now.getTime() / 1000 - created))
  return { rows, withoutPayload }
}

/**
 * The services seen in the event table: who stored leeched events, who took ftrack.proc and ftrack.sync jobs, and when
 * last; a role nobody played in the recent events gets a row without a name.
 */
export function servicesSeen(leech: AyonEvent[], processorJobs: AyonEvent[], transmitterJobs: AyonEvent[]): ServiceRow[] {
  const result = new Map<string, ServiceRow>()
  const add = (role: ServiceRow['role'], events: AyonEvent[], at: (e: AyonEvent) => string) => {
    for (const event of events) {
      if (!event.sender || event.sender === PAGE_SENDER) continue
      const key = `${role}/${event.sender}`
      const current = result.get(key)
      if (!current || seconds(at(event)) > seconds(current.lastSeen!)) {
        result.set(key, { role, name: event.sender, lastSeen: at(event), version: null })
      }
    }
    if (![...result.values()].some((row) => row.role === role)) result.set(role, { role, name: null, lastSeen: null, version: null })
  }
  add('leecher', leech, (e) => e.created_at)
  add('processor', processorJobs, (e) => e.updated_at)
  add('transmitter', transmitterJobs, (e) => e.updated_at)
  const order = { leecher: 0, processor: 1, transmitter: 2 }
  return [...result.values()].sort((a, b) => order[a.role] - order[b.role] || (a.name ?? '').localeCompare(b.name ?? ''))
}

/** Failed jobs, newest first; `dead` when enroll will not restart them any more (retries used up). */
export function failedJobs(jobs: AyonEvent[], maxRetries = MAX_RETRIES): JobRow[] {
  return jobs
    .filter((job) => job.status === 'failed')
    .map((job) => {
      const payload = record(job.payload)
      const slices = (Array.isArray(payload?.slices) ? payload!.slices : [])
        .map(record)
        .filter((s): s is Record<string, unknown> => s !== null && s.outcome !== 'succeeded')
        .map((s) => ({ slice: text(s.slice) ?? '?', message: text(s.message) ?? '' }))
      return {
        id: job.id,
        topic: job.topic,
        project: job.project ?? null,
        slices,
        reason: job.description ?? '',
        retries: job.retries ?? 0,
        dead: (job.retries ?? 0) > maxRetries,
        updatedAt: job.updated_at,
      }
    })
    .sort((a, b) => seconds(b.updatedAt) - seconds(a.updatedAt))
}

/** Reads a report event; a report without payload becomes an error naming the event. */
export function readReport(event: AyonEvent): DriftReport {
  const payload = record(event.payload)
  const summary = record(event.summary) ?? {}
  const base = {
    requestId: text(payload?.requestId) ?? text(summary.requestId) ?? '',
    project: text(payload?.project) ?? text(summary.project) ?? event.project ?? '',
    createdAt: event.created_at,
  }
  if (!payload) {
    return { ...base, error: `the report event ${event.id} has no payload`, autoSync: null, ftrackServer: null, ftrackProjectId: null, count: 0, truncated: false, items: [] }
  }
  const side = (value: unknown): DriftSide | null => {
    const r = record(value)
    return r && text(r.id) && text(r.type) ? { id: r.id as string, type: r.type as string, path: text(r.path) } : null
  }
  const items = (Array.isArray(payload.items) ? payload.items : []).map(record).filter((i): i is Record<string, unknown> => i !== null)
  return {
    ...base,
    error: text(payload.error),
    autoSync: typeof payload.autoSync === 'boolean' ? payload.autoSync : null,
    ftrackServer: text(payload.ftrackServer),
    ftrackProjectId: text(payload.ftrackProjectId),
    count: typeof payload.count === 'number' ? payload.count : items.length,
    truncated: payload.truncated === true,
    items: items.map((i) => ({
      kind: text(i.kind) ?? 'Unknown',
      path: typeof i.path === 'string' ? i.path : '',
      detail: typeof i.detail === 'string' ? i.detail : '',
      ftrack: side(i.ftrack),
      ayon: side(i.ayon),
    })),
  }
}

/** Differences grouped by kind, kinds in the order they first appear. */
export function groupByKind(items: DriftItem[]): [string, DriftItem[]][] {
  const groups = new Map<string, DriftItem[]>()
  for (const item of items) groups.set(item.kind, [...(groups.get(item.kind) ?? []), item])
  return [...groups.entries()]
}

/** The entity in AYON's web UI (the browser page with the details panel), at the page's own origin. */
export function ayonLink(origin: string, project: string, side: DriftSide): string {
  const query = new URLSearchParams({ project, type: side.type, id: side.id })
  return `${origin}/projects/${encodeURIComponent(project)}/browser?${query.toString()}`
}

/** The entity in ftrack's web UI (the project's task view with the entity in the side panel); null for a server that is not http(s). */
export function ftrackLink(server: string | null, projectId: string | null, side: DriftSide): string | null {
  if (!server || !/^https?:\/\//i.test(server) || !projectId) return null
  const fragment = `itemId=projects&view=tasks&entityId=${encodeURIComponent(projectId)}&entityType=show` +
    `&slideEntityId=${encodeURIComponent(side.id)}&slideEntityType=task`
  return `${server.replace(/\/+$/, '')}/#${fragment}`
}

/** The event the page stores to ask the processor for a drift report: an ftrack.leech event, queued behind the ftrack events. */
export function driftRequestEvent(requestId: string, project: string, userName: string | undefined): Record<string, unknown> {
  return {
    topic: 'ftrack.leech',
    sender: PAGE_SENDER,
    hash: `${DRIFT_REQUEST_TOPIC}.${requestId}`,
    description: `Drift report of ${project} requested on the operator page`,
    summary: { project },
    payload: {
      id: requestId,
      topic: DRIFT_REQUEST_TOPIC,
      data: { project },
      source: { user: { username: userName ?? null } },
      target: '',
      sent: null,
      in_reply_to_event: null,
    },
    finished: true,
    store: true,
  }
}

/** "3 s", "4 min", "2 h 5 min". */
export function duration(totalSeconds: number): string {
  if (totalSeconds < 60) return `${totalSeconds} s`
  const minutes = Math.floor(totalSeconds / 60)
  if (minutes < 60) return `${minutes} min`
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`
}
