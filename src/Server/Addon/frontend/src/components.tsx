import { Button } from '@ynput/ayon-react-components'
import { useState } from 'react'
import type { DriftReport, JobRow, ProjectRow, ServiceRow } from './model'
import { ayonLink, duration, ftrackLink, groupByKind } from './model'

/** One line saying what went wrong; the rest of the page keeps working. */
export function Notice({ text }: { text: string | null }) {
  return text ? <p className="notice" role="status">{text}</p> : null
}

const when = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString() : '—')

export function ProjectsTable({ rows, onDrift, busy }: { rows: ProjectRow[]; onDrift: (project: string) => void; busy: string | null }) {
  if (rows.length === 0) return <p className="empty">AYON has no projects.</p>
  return (
    <table className="projects">
      <thead>
        <tr><th>Project</th><th>Auto-sync</th><th>Last processed ftrack event</th><th>Waiting</th><th>Lag</th><th /></tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.name} data-project={row.name}>
            <td>{row.name}</td>
            {row.ftrackId === null ? (
              <td colSpan={4} className="notice">Not linked to ftrack: the project has no ftrackId (run "Prepare project" in ftrack).</td>
            ) : (
              <>
                <td>{row.autoSync === null ? 'unknown (ask for a drift report)' : row.autoSync ? 'on' : 'off'}</td>
                <td>{row.lastProcessed ? `${row.lastProcessed.topic}, processed ${when(row.lastProcessed.processedAt)}` : 'none in the recent events'}</td>
                <td>{row.waiting}</td>
                <td>{duration(row.lagSeconds)}</td>
              </>
            )}
            <td>
              <Button label={busy === row.name ? 'Comparing…' : 'Drift report'} icon="compare_arrows" disabled={busy !== null} onClick={() => onDrift(row.name)} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function ServicesTable({ rows, now }: { rows: ServiceRow[]; now: Date }) {
  return (
    <table className="services">
      <thead>
        <tr><th>Service</th><th>Role</th><th>Last seen</th><th>Version</th></tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={`${row.role}/${row.name}`} data-role={row.role}>
            <td>{row.name ?? '—'}</td>
            <td>{row.role}</td>
            <td>{row.lastSeen ? `${duration(Math.max(0, Math.round((now.getTime() - Date.parse(row.lastSeen)) / 1000)))} ago` : 'not seen in the recent events'}</td>
            <td>{row.version ?? 'not reported'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function JobsTable({ rows, onRetry }: { rows: JobRow[]; onRetry: (id: string) => Promise<void> }) {
  const [retrying, setRetrying] = useState<string | null>(null)
  if (rows.length === 0) return <p className="empty">No failed jobs.</p>
  return (
    <table className="jobs">
      <thead>
        <tr><th>Job</th><th>State</th><th>Slice</th><th>Reason</th><th>Updated</th><th /></tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} data-job={row.id}>
            <td title={row.id}>{row.topic} {row.id.slice(0, 8)}</td>
            <td>{row.dead ? 'dead letter (retries used up)' : `failed, retry ${row.retries} of enroll's`}</td>
            <td>{row.slices.length === 0 ? '—' : row.slices.map((s) => s.slice).join(', ')}</td>
            <td className="reason">{row.slices.length === 0 ? row.reason : row.slices.map((s) => `${s.slice}: ${s.message}`).join('; ')}</td>
            <td>{when(row.updatedAt)}</td>
            <td>
              <Button
                label={retrying === row.id ? 'Restarting…' : 'Retry'}
                icon="replay"
                disabled={retrying !== null}
                onClick={async () => {
                  setRetrying(row.id)
                  try {
                    await onRetry(row.id)
                  } finally {
                    setRetrying(null)
                  }
                }}
              />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function DriftPanel({ report, origin }: { report: DriftReport; origin: string }) {
  if (report.error) return <Notice text={`Drift report of ${report.project}: ${report.error}`} />
  if (report.items.length === 0) return <p className="drift-empty">Drift report of {report.project} ({when(report.createdAt)}): AYON equals ftrack.</p>
  return (
    <div className="drift">
      <p>
        Drift report of {report.project} ({when(report.createdAt)}): {report.count} difference(s)
        {report.truncated ? `, the first ${report.items.length} listed` : ''}.
      </p>
      {groupByKind(report.items).map(([kind, items]) => (
        <section key={kind} data-kind={kind}>
          <h4>{kind} ({items.length})</h4>
          <ul>
            {items.map((item, index) => {
              const ftrack = item.ftrack ? ftrackLink(report.ftrackServer, report.ftrackProjectId, item.ftrack) : null
              return (
                <li key={index}>
                  <span className="path">{item.path || '(project)'}</span> {item.detail}{' '}
                  {item.ayon ? <a href={ayonLink(origin, report.project, item.ayon)} target="_blank" rel="noopener noreferrer">AYON</a> : null}{' '}
                  {ftrack ? <a href={ftrack} target="_blank" rel="noopener noreferrer">ftrack</a> : null}
                </li>
              )
            })}
          </ul>
        </section>
      ))}
    </div>
  )
}
