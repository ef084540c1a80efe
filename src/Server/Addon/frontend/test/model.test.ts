import { describe, expect, it } from 'vitest'
import type { AyonEvent } from '../src/ayon'
import {
  ayonLink,
  driftRequestEvent,
  failedJobs,
  ftrackLink,
  ftrackProjectOf,
  groupByKind,
  projectStatus,
  readReport,
  servicesSeen,
} from '../src/model'

const leech = (id: string, createdAt: string, projectId: string | null, sender = 'ftrack-leecher'): AyonEvent => ({
  id,
  topic: 'ftrack.leech',
  status: 'finished',
  sender,
  created_at: createdAt,
  updated_at: createdAt,
  payload: {
    id: `ft-${id}`,
    topic: 'ftrack.update',
    data: { entities: projectId ? [{ entityType: 'task', entityId: 't', parents: [{ entityType: 'task', entityId: 't' }, { entityType: 'show', entityId: projectId }] }] : [] },
  },
})

const job = (id: string, source: string, status: string, updatedAt: string, extra: Partial<AyonEvent> = {}): AyonEvent => ({
  id,
  topic: 'ftrack.proc',
  status,
  depends_on: source,
  sender: 'ftrack-processor',
  created_at: updatedAt,
  updated_at: updatedAt,
  ...extra,
})

describe('ftrackProjectOf', () => {
  it('finds the show among the parents', () => {
    expect(ftrackProjectOf(leech('a', '2026-01-01T00:00:00Z', 'show-1').payload!)).toBe('show-1')
  })
  it('answers null for an event that names no project', () => {
    expect(ftrackProjectOf({ topic: 'ayon.ftrack.leecher.started.ynternal', data: {} })).toBeNull()
  })
})

describe('projectStatus', () => {
  const now = new Date('2026-01-01T00:10:00Z')
  it('takes the newest finished event as last processed and the oldest waiting one for the lag', () => {
    const events = [leech('a', '2026-01-01T00:00:00Z', 'show-1'), leech('b', '2026-01-01T00:05:00Z', 'show-1'), leech('c', '2026-01-01T00:08:00Z', 'show-1')]
    const jobs = [job('j1', 'a', 'finished', '2026-01-01T00:01:00Z'), job('j2', 'b', 'pending', '2026-01-01T00:06:00Z')]
    const { rows } = projectStatus([{ name: 'show', ftrackId: 'show-1' }], events, jobs, [], now)
    expect(rows[0].lastProcessed).toEqual({ topic: 'ftrack.update', sourceCreatedAt: '2026-01-01T00:00:00Z', processedAt: '2026-01-01T00:01:00Z' })
    expect(rows[0].waiting).toBe(2)
    expect(rows[0].lagSeconds).toBe(300)
  })
  it('does not count a dead letter as waiting', () => {
    const events = [leech('a', '2026-01-01T00:00:00Z', 'show-1')]
    const jobs = [job('j1', 'a', 'failed', '2026-01-01T00:01:00Z', { retries: 4 })]
    expect(projectStatus([{ name: 'show', ftrackId: 'show-1' }], events, jobs, [], now).rows[0]).toMatchObject({ waiting: 0, lagSeconds: 0 })
  })
  it('lists events without payload instead of failing', () => {
    const empty: AyonEvent = { id: 'x', topic: 'ftrack.leech', status: 'finished', created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z', payload: null }
    const status = projectStatus([{ name: 'show', ftrackId: 'show-1' }], [empty, leech('a', '2026-01-01T00:00:00Z', 'show-1')], [], [], now)
    expect(status.withoutPayload).toEqual(['x'])
    expect(status.rows[0].waiting).toBe(1)
  })
  it('keeps a project without ftrackId with nothing counted', () => {
    const { rows } = projectStatus([{ name: 'local', ftrackId: null }], [leech('a', '2026-01-01T00:00:00Z', 'show-1')], [], [], now)
    expect(rows[0]).toMatchObject({ ftrackId: null, waiting: 0, lagSeconds: 0, lastProcessed: null })
  })
  it('reads auto-sync from the newest good report of the project', () => {
    const report = readReport({
      id: 'r', topic: 'ftrack.operator.drift.report', status: 'finished', created_at: '2026-01-01T00:09:00Z', updated_at: '2026-01-01T00:09:00Z',
      payload: { requestId: 'q', project: 'show', autoSync: true, items: [] },
    })
    expect(projectStatus([{ name: 'show', ftrackId: 'show-1' }], [], [], [report], now).rows[0].autoSync).toBe(true)
  })
})

describe('servicesSeen', () => {
  it('leaves out the page itself and names a role nobody played', () => {
    const rows = servicesSeen([leech('a', '2026-01-01T00:00:00Z', null, 'ftrack-operator-page')], [], [])
    expect(rows.map((r) => [r.role, r.name, r.lastSeen])).toEqual([['leecher', null, null], ['processor', null, null], ['transmitter', null, null]])
  })
  it('names each sender once per role with its newest activity', () => {
    const rows = servicesSeen(
      [leech('a', '2026-01-01T00:00:00Z', null), leech('b', '2026-01-01T00:02:00Z', null)],
      [job('j', 'a', 'finished', '2026-01-01T00:03:00Z')],
      [job('s', 'e', 'finished', '2026-01-01T00:04:00Z', { topic: 'ftrack.sync', sender: 'ftrack-transmitter' })],
    )
    expect(rows.map((r) => [r.role, r.name, r.lastSeen])).toEqual([
      ['leecher', 'ftrack-leecher', '2026-01-01T00:02:00Z'],
      ['processor', 'ftrack-processor', '2026-01-01T00:03:00Z'],
      ['transmitter', 'ftrack-transmitter', '2026-01-01T00:04:00Z'],
    ])
  })
})

describe('failedJobs', () => {
  it('reads the failing slices and tells dead letters from jobs enroll still retries', () => {
    const rows = failedJobs([
      job('j1', 'a', 'failed', '2026-01-01T00:01:00Z', { retries: 1, description: 'Failed x', payload: { slices: [{ slice: 'Sync.CreateEntities', outcome: 'failed', message: 'AYON answered 500' }, { slice: 'Sync.UpdateAttributes', outcome: 'succeeded', message: null }] } }),
      job('j2', 'b', 'failed', '2026-01-01T00:02:00Z', { retries: 4, description: 'Unreadable source event b' }),
      job('j3', 'c', 'finished', '2026-01-01T00:03:00Z'),
    ])
    expect(rows.map((r) => [r.id, r.dead])).toEqual([['j2', true], ['j1', false]])
    expect(rows[1].slices).toEqual([{ slice: 'Sync.CreateEntities', message: 'AYON answered 500' }])
    expect(rows[0].reason).toBe('Unreadable source event b')
  })
})

describe('readReport', () => {
  it('turns a report without payload into an error line', () => {
    const report = readReport({ id: 'r1', topic: 'ftrack.operator.drift.report', status: 'finished', summary: { requestId: 'q', project: 'show' }, created_at: 'x', updated_at: 'x' })
    expect(report).toMatchObject({ requestId: 'q', project: 'show', error: 'the report event r1 has no payload', items: [] })
  })
})

describe('links', () => {
  it('builds the AYON browser link at the page origin', () => {
    expect(ayonLink('http://ayon.test', 'show', { id: 'f1', type: 'folder' })).toBe('http://ayon.test/projects/show/browser?project=show&type=folder&id=f1')
  })
  it('builds the ftrack side-panel link and refuses a server that is not http(s)', () => {
    expect(ftrackLink('https://studio.ftrackapp.com/', 'p1', { id: 's1', type: 'Shot' })).toBe(
      'https://studio.ftrackapp.com/#itemId=projects&view=tasks&entityId=p1&entityType=show&slideEntityId=s1&slideEntityType=task',
    )
    expect(ftrackLink('javascript:alert(1)', 'p1', { id: 's1', type: 'Shot' })).toBeNull()
  })
})

describe('groupByKind and the request', () => {
  it('groups in order of first appearance', () => {
    const items = [
      { kind: 'Name', path: 'a', detail: '', ftrack: null, ayon: null },
      { kind: 'Missing', path: 'b', detail: '', ftrack: null, ayon: null },
      { kind: 'Name', path: 'c', detail: '', ftrack: null, ayon: null },
    ]
    expect(groupByKind(items).map(([k, v]) => [k, v.length])).toEqual([['Name', 2], ['Missing', 1]])
  })
  it('stores the request as a leeched ftrack-shaped event', () => {
    const event = driftRequestEvent('abc', 'show', 'admin') as { topic: string; hash: string; payload: { id: string; topic: string; data: { project: string } } }
    expect(event.topic).toBe('ftrack.leech')
    expect(event.payload).toMatchObject({ id: 'abc', topic: 'ayon.ftrack.operator.drift.requested', data: { project: 'show' } })
    expect(event.hash).toBe('ayon.ftrack.operator.drift.requested.abc')
  })
})
