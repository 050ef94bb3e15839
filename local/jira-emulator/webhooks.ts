// Jira webhooks for project_created / _updated / _deleted: the local Forge host registers one and
// turns it into Forge's avi:jira:created:project trigger. Delivery is fire-and-forget, in order
// per event, and never blocks or fails the Jira request that caused it.
import { Clock } from './clock';
import type { Project, User } from './model';

export class Webhooks {
  readonly urls = new Set<string>();
  /** Deliveries still in flight; tests may await them. */
  private pending = new Set<Promise<void>>();

  constructor(private readonly clock = new Clock()) {}

  register(url: string): void {
    this.urls.add(url);
  }
  unregister(url: string): boolean {
    return this.urls.delete(url);
  }
  clear(): void {
    this.urls.clear();
  }

  projectEvent(
    event: 'project_created' | 'project_updated' | 'project_deleted',
    p: Project,
    lead: User | undefined,
    by: User | null,
  ): void {
    const body = JSON.stringify({
      timestamp: this.clock.now(),
      webhookEvent: event,
      ...(by
        ? {
            user: {
              accountId: by.accountId,
              displayName: by.displayName,
              accountType: by.accountType,
            },
          }
        : {}),
      project: {
        id: Number(p.id),
        key: p.key,
        name: p.name,
        projectTypeKey: p.projectTypeKey,
        style: p.style,
        simplified: p.style === 'next-gen',
        ...(lead ? { lead: { accountId: lead.accountId, displayName: lead.displayName } } : {}),
      },
    });
    for (const url of this.urls) {
      const delivery = fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      })
        .then((r) => {
          // Drained only to free the socket: Jira does not read what an app answers either.
          void r.arrayBuffer().catch(() => undefined);
        })
        .catch((e: Error) => {
          console.warn(`[jira-emulator] webhook ${event} to ${url} failed: ${e.message}`);
        });
      this.pending.add(delivery);
      void delivery.finally(() => this.pending.delete(delivery));
    }
  }

  async idle(): Promise<void> {
    await Promise.all([...this.pending]);
  }
}
