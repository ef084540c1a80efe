import { Section } from '@ynput/ayon-react-components'
import { useCallback, useEffect, useRef, useState } from 'react'
import { AyonClient, AyonContext, AyonEvent, contextFromMessage } from './ayon'
import { DriftPanel, JobsTable, Notice, ProjectsTable, ServicesTable } from './components'
import {
  DRIFT_REPORT_TOPIC,
  DriftReport,
  JobRow,
  ProjectRow,
  ServiceRow,
  driftRequestEvent,
  failedJobs,
  projectStatus,
  readReport,
  servicesSeen,
} from './model'

const REFRESH_MS = 5000
const REPORT_POLL_MS = 1000
const REPORT_WAIT_MS = 120_000

interface Snapshot {
  projects: ProjectRow[]
  projectsRead: boolean
  services: ServiceRow[]
  jobs: JobRow[]
  reports: DriftReport[]
  problems: string[]
}

/** 32 hex digits (getRandomValues works on plain-http AYON servers too, randomUUID does not). */
const newId = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('')

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error))

/** Reads everything the page shows; each part that fails adds one line to `problems` and the others still show. */
export async function loadSnapshot(client: AyonClient, now: Date): Promise<Snapshot> {
  const problems: string[] = []
  const part = async <T,>(what: string, read: () => Promise<T>, empty: T): Promise<T> => {
    try {
      return await read()
    } catch (error) {
      problems.push(`${what}: ${reason(error)}`)
      return empty
    }
  }
  let projectsRead = true
  const [projectList, leech, proc, sync, reportEvents] = await Promise.all([
    part('projects', () => client.projects(), null).then((list) => {
      projectsRead = list !== null
      return list ?? []
    }),
    part('leeched ftrack events', () => client.events('ftrack.leech', 300), [] as AyonEvent[]),
    part('processor jobs', () => client.events('ftrack.proc', 300), [] as AyonEvent[]),
    part('transmitter jobs', () => client.events('ftrack.sync', 100), [] as AyonEvent[]),
    part('drift reports', () => client.events(DRIFT_REPORT_TOPIC, 50), [] as AyonEvent[]),
  ])
  const projects = await Promise.all(
    projectList.map(async (p) => {
      try {
        const full = await client.project(p.name)
        const id = full.attrib?.ftrackId
        return { name: p.name, ftrackId: typeof id === 'string' && id.length > 0 ? id : null }
      } catch (error) {
        problems.push(`project ${p.name}: ${reason(error)}`)
        return { name: p.name, ftrackId: null }
      }
    }),
  )
  const reports = reportEvents.map(readReport)
  const status = projectStatus(projects, leech, proc, reports, now)
  if (status.withoutPayload.length > 0) {
    problems.push(`${status.withoutPayload.length} leeched event(s) without payload, not counted for any project (first: ${status.withoutPayload[0]})`)
  }
  return {
    projects: status.rows,
    projectsRead,
    services: servicesSeen(leech, proc, sync),
    jobs: failedJobs([...proc, ...sync]),
    reports,
    problems: collapse(problems),
  }
}

/** When AYON is down every part fails the same way: say it once. */
function collapse(problems: string[]): string[] {
  const unreachable = problems.filter((p) => p.includes('AYON is not reachable'))
  return unreachable.length > 1 ? [`AYON is not reachable (${unreachable.length} requests failed); the page tries again every ${REFRESH_MS / 1000} s`] : problems
}

export function App({ fetchImpl, origin = window.location.origin }: { fetchImpl?: typeof fetch; origin?: string }) {
  const [context, setContext] = useState<AyonContext | null>(null)
  const [waited, setWaited] = useState(false)
  const [snapshot, setSnapshot] = useState<Snapshot | null>(null)
  const [now, setNow] = useState(new Date())
  const [drift, setDrift] = useState<DriftReport | null>(null)
  const [driftBusy, setDriftBusy] = useState<string | null>(null)
  const [actionProblem, setActionProblem] = useState<string | null>(null)
  const clientRef = useRef<AyonClient | null>(null)

  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      const received = contextFromMessage(event, origin)
      if (received) setContext((current) => (current?.accessToken === received.accessToken ? current : received))
    }
    window.addEventListener('message', onMessage)
    const timer = window.setTimeout(() => setWaited(true), 3000)
    return () => {
      window.removeEventListener('message', onMessage)
      window.clearTimeout(timer)
    }
  }, [origin])

  const refresh = useCallback(async () => {
    const client = clientRef.current
    if (!client) return
    const at = new Date()
    setSnapshot(await loadSnapshot(client, at))
    setNow(at)
  }, [])

  useEffect(() => {
    if (!context) return
    clientRef.current = new AyonClient(context.accessToken, fetchImpl ? (input, init) => fetchImpl(input, init) : undefined)
    void refresh()
    const timer = window.setInterval(() => void refresh(), REFRESH_MS)
    return () => window.clearInterval(timer)
  }, [context, fetchImpl, refresh])

  const retry = async (jobId: string) => {
    setActionProblem(null)
    try {
      await clientRef.current!.restart(jobId)
    } catch (error) {
      setActionProblem(`Retry of job ${jobId}: ${reason(error)}`)
    }
    await refresh()
  }

  const requestDrift = async (project: string) => {
    const client = clientRef.current!
    setActionProblem(null)
    setDriftBusy(project)
    try {
      const requestId = newId()
      await client.dispatch(driftRequestEvent(requestId, project, context?.userName))
      const deadline = Date.now() + REPORT_WAIT_MS
      while (Date.now() < deadline) {
        await new Promise((resolve) => window.setTimeout(resolve, REPORT_POLL_MS))
        let found: DriftReport | undefined
        try {
          found = (await client.events(DRIFT_REPORT_TOPIC, 20)).map(readReport).find((r) => r.requestId === requestId)
        } catch (error) {
          setActionProblem(`Waiting for the drift report of ${project}: ${reason(error)}`)
        }
        if (found) {
          setDrift(found)
          setActionProblem(null)
          await refresh()
          return
        }
      }
      setActionProblem(`No drift report of ${project} after ${REPORT_WAIT_MS / 1000} s: is the processor running and the queue moving?`)
    } catch (error) {
      setActionProblem(`Drift report of ${project}: ${reason(error)}`)
    } finally {
      setDriftBusy(null)
    }
  }

  if (!context) {
    return (
      <main className="operator">
        <h2>ftrack sync</h2>
        <Notice text={waited ? 'Waiting for AYON: open this page from AYON (Studio settings → ftrack), which gives it its access token.' : null} />
      </main>
    )
  }

  return (
    <main className="operator">
      <Section>
        <h2>ftrack sync</h2>
        {snapshot?.problems.map((p) => <Notice key={p} text={p} />)}
        <Notice text={actionProblem} />
        <h3>Projects</h3>
        {snapshot?.projectsRead ? <ProjectsTable rows={snapshot.projects} onDrift={(p) => void requestDrift(p)} busy={driftBusy} /> : snapshot ? null : <p>Loading…</p>}
        {drift ? <DriftPanel report={drift} origin={origin} /> : null}
        <h3>Services</h3>
        {snapshot ? <ServicesTable rows={snapshot.services} now={now} /> : null}
        <h3>Failed jobs</h3>
        {snapshot ? <JobsTable rows={snapshot.jobs} onRetry={retry} /> : null}
      </Section>
    </main>
  )
}
