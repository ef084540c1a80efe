import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { App } from '../src/App'
import { DriftPanel, JobsTable, ProjectsTable } from '../src/components'

afterEach(cleanup)

describe('JobsTable', () => {
  it('shows the failing slice with its reason and restarts the job on Retry', async () => {
    const onRetry = vi.fn(async () => {})
    render(<JobsTable rows={[{ id: 'job1', topic: 'ftrack.proc', project: null, slices: [{ slice: 'Sync.CreateEntities', message: 'boom' }], reason: 'Failed', retries: 1, dead: false, updatedAt: '2026-01-01T00:00:00Z' }]} onRetry={onRetry} />)
    expect(screen.getByText('Sync.CreateEntities: boom')).toBeTruthy()
    fireEvent.click(screen.getByText('Retry'))
    await waitFor(() => expect(onRetry).toHaveBeenCalledWith('job1'))
  })
  it('names a dead letter', () => {
    render(<JobsTable rows={[{ id: 'job2', topic: 'ftrack.proc', project: null, slices: [], reason: 'Unreadable source event', retries: 4, dead: true, updatedAt: '2026-01-01T00:00:00Z' }]} onRetry={async () => {}} />)
    expect(screen.getByText('dead letter (retries used up)')).toBeTruthy()
    expect(screen.getByText('Unreadable source event')).toBeTruthy()
  })
})

describe('ProjectsTable', () => {
  it('says in one line that a project has no ftrack link', () => {
    render(<ProjectsTable rows={[{ name: 'local', ftrackId: null, autoSync: null, autoSyncCheckedAt: null, lastProcessed: null, waiting: 0, lagSeconds: 0 }]} onDrift={() => {}} busy={null} />)
    expect(screen.getByText(/Not linked to ftrack/)).toBeTruthy()
  })
})

describe('DriftPanel', () => {
  it('groups differences by kind with links to both sides', () => {
    render(
      <DriftPanel
        origin="http://ayon.test"
        report={{
          requestId: 'q', project: 'show', error: null, autoSync: true, ftrackServer: 'https://ft.test', ftrackProjectId: 'p1', count: 2, truncated: false, createdAt: '2026-01-01T00:00:00Z',
          items: [
            { kind: 'Name', path: 'sq010/sh010', detail: "AYON 'sh999' ('sh999')", ftrack: { id: 's1', type: 'Shot' }, ayon: { id: 'f1', type: 'folder', path: '/sq010/sh999' } },
            { kind: 'Extra', path: '/stray', detail: 'active AYON folder without a live ftrack entity', ftrack: null, ayon: { id: 'f2', type: 'folder' } },
          ],
        }}
      />,
    )
    expect(screen.getByText('Name (1)')).toBeTruthy()
    expect(screen.getByText('Extra (1)')).toBeTruthy()
    const links = screen.getAllByRole('link').map((a) => a.getAttribute('href'))
    expect(links).toContain('http://ayon.test/projects/show/browser?project=show&type=folder&id=f1')
    expect(links.some((l) => l?.startsWith('https://ft.test/#') && l.includes('slideEntityId=s1'))).toBe(true)
    expect(links).toHaveLength(3)
  })
  it('shows the processor\'s error in one line', () => {
    render(<DriftPanel origin="" report={{ requestId: 'q', project: 'nope', error: "ftrack has no project named 'nope'", autoSync: null, ftrackServer: null, ftrackProjectId: null, count: 0, truncated: false, createdAt: 'x', items: [] }} />)
    expect(screen.getByRole('status').textContent).toBe("Drift report of nope: ftrack has no project named 'nope'")
  })
})

function reply(status: number, body: unknown) {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
}

async function postContext(origin: string) {
  await act(async () => {
    window.dispatchEvent(new MessageEvent('message', { origin, data: { scope: 'settings', accessToken: 'tok', addonName: 'ftrack', addonVersion: '1.0.0', context: {} } }))
  })
}

describe('App', () => {
  const origin = 'http://ayon.test'

  it('says in one line that AYON is unreachable and recovers', async () => {
    let down = true
    const fetchImpl = vi.fn(async (input: RequestInfo | URL) => {
      if (down) throw new TypeError('Failed to fetch')
      const url = String(input)
      if (url.endsWith('/api/projects')) return reply(200, { projects: [] })
      return reply(200, [])
    })
    render(<App fetchImpl={fetchImpl as unknown as typeof fetch} origin={origin} />)
    await postContext(origin)
    await waitFor(() => expect(screen.getAllByRole('status').map((s) => s.textContent)).toEqual([expect.stringMatching(/^AYON is not reachable \(5 requests failed\)/)]))
    down = false
    await waitFor(() => expect(screen.getByText('AYON has no projects.')).toBeTruthy(), { timeout: 8000 })
    expect(screen.queryAllByRole('status').map((s) => s.textContent)).toEqual([])
  }, 15000)

  it('ignores a context message from another origin', async () => {
    const fetchImpl = vi.fn()
    render(<App fetchImpl={fetchImpl as unknown as typeof fetch} origin={origin} />)
    await postContext('http://evil.test')
    expect(fetchImpl).not.toHaveBeenCalled()
  })

  it('sends the token and shows an event without payload as one line next to the rest', async () => {
    const fetchImpl = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      expect((init?.headers as Record<string, string>).Authorization).toBe('Bearer tok')
      const url = String(input)
      if (url.endsWith('/api/projects')) return reply(200, { projects: [{ name: 'show' }, { name: 'local' }] })
      if (url.endsWith('/api/projects/show')) return reply(200, { name: 'show', attrib: { ftrackId: 'p1' } })
      if (url.endsWith('/api/projects/local')) return reply(200, { name: 'local', attrib: {} })
      const topic = (JSON.parse(String(init?.body)) as { filter: { conditions: { value: string }[] } }).filter.conditions[0].value
      if (topic === 'ftrack.leech') return reply(200, [{ id: 'e1', topic, status: 'finished', created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' }])
      return reply(200, [])
    })
    render(<App fetchImpl={fetchImpl as unknown as typeof fetch} origin={origin} />)
    await postContext(origin)
    await waitFor(() => expect(screen.getByText(/1 leeched event\(s\) without payload/)).toBeTruthy())
    expect(screen.getByText(/Not linked to ftrack/)).toBeTruthy()
    expect(document.querySelector('tr[data-project="show"]')?.textContent).toContain('unknown')
  })
})
