// The page's only connection: the AYON server that serves it (same origin). AYON's web UI embeds the page in an iframe
// and posts it {scope, accessToken, context, addonName, addonVersion}; every request carries that token.

export interface AyonContext {
  accessToken: string
  addonName: string
  addonVersion: string
  userName?: string
}

/** An AYON event as POST /api/query returns it (snake_case, nulls left out). */
export interface AyonEvent {
  id: string
  topic: string
  status: string
  sender?: string
  sender_type?: string
  project?: string
  user?: string
  depends_on?: string
  retries?: number
  description?: string
  summary?: Record<string, unknown>
  payload?: Record<string, unknown> | null
  created_at: string
  updated_at: string
}

export interface AyonProject {
  name: string
  active?: boolean
}

/** A failure that names what failed, in one line. */
export class AyonError extends Error {}

/** Reads the context message AYON's UI posts; ignores messages from any other origin or without a token. */
export function contextFromMessage(event: MessageEvent, origin: string): AyonContext | null {
  if (event.origin !== origin) return null
  const data = event.data as Record<string, unknown> | null
  if (!data || typeof data !== 'object' || typeof data.accessToken !== 'string' || data.accessToken.length === 0) return null
  const context = (data.context ?? {}) as Record<string, unknown>
  const user = (context.user ?? {}) as Record<string, unknown>
  return {
    accessToken: data.accessToken,
    addonName: typeof data.addonName === 'string' ? data.addonName : 'ftrack',
    addonVersion: typeof data.addonVersion === 'string' ? data.addonVersion : '',
    userName: typeof data.userName === 'string' ? data.userName : typeof user.name === 'string' ? user.name : undefined,
  }
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>

/** The calls the page makes, all to AYON's REST API at the page's own origin. */
export class AyonClient {
  constructor(
    private readonly token: string,
    private readonly fetchImpl: Fetch = (input, init) => fetch(input, init),
    private readonly baseUrl = '',
  ) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let reply: Response
    try {
      reply = await this.fetchImpl(this.baseUrl + path, {
        method,
        headers: { Authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    } catch (error) {
      throw new AyonError(`AYON is not reachable (${method} ${path}: ${error instanceof Error ? error.message : String(error)})`)
    }
    if (!reply.ok) {
      let detail = ''
      try {
        const json = (await reply.json()) as { detail?: string }
        detail = json.detail ? `: ${json.detail}` : ''
      } catch {
        detail = ''
      }
      throw new AyonError(`AYON answered ${reply.status} to ${method} ${path}${detail}`)
    }
    if (reply.status === 204) return undefined as T
    const text = await reply.text()
    return (text.length === 0 ? undefined : JSON.parse(text)) as T
  }

  async projects(): Promise<AyonProject[]> {
    const reply = await this.call<{ projects?: AyonProject[] }>('GET', '/api/projects')
    return reply?.projects ?? []
  }

  async project(name: string): Promise<{ name: string; attrib?: Record<string, unknown> }> {
    return this.call('GET', `/api/projects/${encodeURIComponent(name)}`)
  }

  /** The newest events of one topic (POST /api/query answers newest first). */
  async events(topic: string, limit: number): Promise<AyonEvent[]> {
    const reply = await this.call<AyonEvent[]>('POST', '/api/query', {
      entity: 'event',
      filter: { conditions: [{ key: 'topic', value: topic }] },
      limit,
    })
    return Array.isArray(reply) ? reply : []
  }

  /** Restarts a job as AYON's own event page does; enroll hands it out again. */
  async restart(jobId: string): Promise<void> {
    await this.call('PATCH', `/api/events/${encodeURIComponent(jobId)}`, { status: 'restarted' })
  }

  async dispatch(event: Record<string, unknown>): Promise<string> {
    const reply = await this.call<{ id: string }>('POST', '/api/events', event)
    return reply.id
  }
}
