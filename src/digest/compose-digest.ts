/**
 * The digest composer: a subscriber and a period in, a finished message out
 * (HTML from MJML, a plain-text part, List-Unsubscribe headers), or null.
 *
 * null means "nothing worth sending this period": no paper of the period
 * matched any of the subscriber's interests (and trending is off, or nothing
 * was listed). The sending engine records that and sends nothing; a digest is
 * never an empty list. Selection rules: domain/digest-selection.ts; where the
 * candidates come from: gather-candidates.ts.
 *
 * The composer does not look at the subscriber's status: the sending engine
 * decides who is due; admins preview anyone.
 */
import { selectDigestPapers } from '../domain/digest-selection.ts';
import type { Subscriber } from '../domain/digest.ts';
import { digestWindow } from '../domain/digest-window.ts';
import type { Db } from '../store/db.ts';
import { upvotesOf } from '../store/digest-sources-repo.ts';
import { digestContent, type DigestContent } from './digest-content.ts';
import type { ComposedDigest, DigestComposer } from './digest-composer.ts';
import { digestHtml } from './digest-html.ts';
import type { DigestLinks } from './digest-links.ts';
import { digestText } from './digest-text.ts';
import { CandidateGatherer, type PaperFinder } from './gather-candidates.ts';

export interface ComposerDeps {
  readonly db: Db;
  readonly finder: PaperFinder;
  readonly links: DigestLinks;
  /** for the one-minute memory of searches (gather-candidates.ts) */
  readonly nowMs?: () => number;
}

export class MjmlDigestComposer implements DigestComposer {
  private readonly gatherer: CandidateGatherer;

  constructor(private readonly deps: ComposerDeps) {
    this.gatherer = new CandidateGatherer(deps.db, deps.finder, deps.nowMs ?? Date.now);
  }

  /** What the digest would say (null: nothing this period); `period` must be a digest period key (invalid_input otherwise). */
  async content(subscriber: Subscriber, period: string): Promise<DigestContent | null> {
    const window = digestWindow(period);
    const candidates = await this.gatherer.gather(subscriber, window);
    const selected = selectDigestPapers(candidates.lists, candidates.listed, subscriber.paperCount);
    if (selected.length === 0) return null;
    const ids = selected.map((s) => s.paperId);
    const papers = await this.gatherer.papers(ids);
    // papers first published in the window but listed on another day: their upvotes from that listing
    const missing = ids.filter((id) => !candidates.listed.has(id));
    const upvotes = missing.length === 0 ? candidates.listed : new Map([...candidates.listed, ...(await upvotesOf(this.deps.db, missing))]);
    return digestContent({ subscriber, window, selected, papers, upvotes, newCount: candidates.newCount, links: this.deps.links });
  }

  async compose(subscriber: Subscriber, period: string): Promise<ComposedDigest | null> {
    const c = await this.content(subscriber, period);
    if (!c || c.items.length === 0) return null;
    return {
      to: subscriber.email,
      subject: c.subject,
      text: digestText(c),
      html: await digestHtml(c),
      headers: this.deps.links.unsubscribeHeaders(subscriber.id),
    };
  }
}
