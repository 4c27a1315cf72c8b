import type {
  ReviewCounts,
  ReviewDto,
  ReviewItemDto,
  ReviewPerson,
  ReviewReportLine,
  ReviewReportNewHolder,
} from '../../src/domain/dto/review-dto.js';
import { info, success, type Reply, type ReplyAction, type ReplyBlock } from '../reply.js';
import { utcMinute as when } from './time.js';

/** `Paula Payer (paula)`. */
const named = (p: Pick<ReviewPerson, 'name' | 'userId'>) => `${p.name} (${p.userId})`;

/** How a value at the review's start reads: `pay`, `Administrator`. */
const valueText = (value: string) => (value === 'true' ? 'Administrator' : value);

const DECIDED: Record<'keep' | 'revoke', string> = { keep: 'Kept', revoke: 'Revoked' };

/** How a decision reads on a card: `Kept`, `Revoked`, or `Revoke` when there was nothing to revoke. */
const decidedText = (item: Pick<ReviewItemDto, 'decision' | 'nothingToRevoke'>) =>
  item.nothingToRevoke ? 'Revoke' : DECIDED[item.decision!];

/** A report line's decision: kept, revoked, nothing to revoke, or unanswered. */
const lineDecision = (line: ReviewReportLine) =>
  !line.decision ? 'unanswered' : line.nothingToRevoke ? 'nothing to revoke' : DECIDED[line.decision].toLowerCase();

/** The Keep and Revoke buttons of an undecided item: `review keep <item id>`, `review revoke <item id>`. */
export function itemActions(review: ReviewDto, item: ReviewItemDto): ReplyAction[] {
  return [
    { label: 'Keep', command: `review keep ${item.id}`, style: 'primary' },
    {
      label: 'Revoke',
      command: `review revoke ${item.id}`,
      style: 'danger',
      confirm: {
        title: `Revoke ${review.permission}?`,
        text: `${named(item.holder)} loses ${review.permission} now.`,
        yes: 'Revoke',
      },
    },
  ];
}

/**
 * The card of one item: who holds what, with their value when the review started, and either
 * the decision with who made it, or Keep and Revoke buttons. `viewerId` (a PortalUser id): the
 * holder looking at their own item gets no buttons, since someone else decides it; a closed
 * review's unanswered item has none either.
 */
export function itemCard(review: ReviewDto, item: ReviewItemDto, viewerId?: string): ReplyBlock[] {
  const holds =
    `${named(item.holder)}, ${item.holder.email}, holds ${review.permission}: ` +
    `${valueText(item.valueAtStart)} when the review started, ${when(review.startedAt)} (item ${item.shortId})`;
  const blocks: ReplyBlock[] = [{ type: 'text', text: holds }];
  if (item.decision) {
    const by = item.decidedBy ? named(item.decidedBy) : 'someone';
    const at = item.decidedAt ? ` at ${when(item.decidedAt)}` : '';
    const outcome = item.outcome ? `: ${item.outcome}` : '';
    blocks.push({ type: 'text', text: `${decidedText(item)} by ${by}${at}${outcome}` });
  } else if (review.state !== 'open') {
    blocks.push({ type: 'text', text: 'Unanswered when the review closed.' });
  } else if (viewerId === item.holder.id) {
    blocks.push({ type: 'text', text: 'Your own access: another Administrator decides it.' });
  } else {
    blocks.push({ type: 'actions', actions: itemActions(review, item) });
  }
  return blocks;
}

/**
 * `1 kept, 1 revoked, 2 unanswered`, with `1 with nothing to revoke` when a revoke found the holder
 * deleted or lowered since (a report written before these were counted has no such figure).
 */
export function countsText(counts: Omit<ReviewCounts, 'nothingToRevoke'> & { nothingToRevoke?: number }): string {
  const nothing = counts.nothingToRevoke ? `, ${counts.nothingToRevoke} with nothing to revoke` : '';
  return `${counts.kept} kept, ${counts.revoked} revoked${nothing}, ${counts.unanswered} unanswered`;
}

const counted = (review: ReviewDto) => countsText(review.counts);

/** A review's facts: id, permission, who started it, when it is due, the counts so far. */
function reviewFacts(review: ReviewDto): ReplyBlock {
  const closed = review.state === 'closed';
  return {
    type: 'fields',
    fields: [
      { label: 'Review', value: review.shortId },
      { label: 'Permission', value: review.permission },
      { label: 'Started by', value: `${named(review.startedBy)}, ${when(review.startedAt)}` },
      { label: closed ? 'Closed' : 'Due', value: when(closed ? (review.closedAt ?? review.dueAt) : review.dueAt) },
      ...(closed ? [{ label: 'Closed by', value: review.closedBy ? named(review.closedBy) : 'its due date' }] : []),
      { label: 'Holders', value: `${review.items.length}: ${counted(review)}` },
    ],
  };
}

/** A review with each holder's card (the answer to `review start` and `review <id>`). */
export function reviewProgressReply(review: ReviewDto, viewerId?: string, sentence?: string): Reply {
  const blocks: ReplyBlock[] = [{ type: 'header', text: `Access review of ${review.permission}` }];
  if (sentence) blocks.push({ type: 'text', text: sentence });
  blocks.push(reviewFacts(review));
  for (const item of review.items) blocks.push(...itemCard(review, item, viewerId));
  if (review.state === 'open') {
    blocks.push({ type: 'text', text: `Close it with: review close ${review.shortId}` });
  }
  const summary = sentence ?? `Access review ${review.shortId} of ${review.permission}: ${counted(review)}`;
  return (sentence ? success : info)(summary, blocks);
}

/** The open reviews as a table (`review` with no id). */
export function reviewsListReply(reviews: ReviewDto[]): Reply {
  if (reviews.length === 0) {
    return info('No access review is open', [
      { type: 'text', text: 'No access review is open. Start one with: review start <permission> [--due 7d]' },
    ]);
  }
  const table: ReplyBlock = {
    type: 'table',
    columns: ['Review', 'Permission', 'Due (UTC)', 'Kept', 'Revoked', 'Unanswered', 'Started by'],
    rows: reviews.map((r) => [
      r.shortId,
      r.permission,
      when(r.dueAt).replace(' UTC', ''),
      String(r.counts.kept),
      String(r.counts.revoked),
      String(r.counts.unanswered),
      r.startedBy.userId,
    ]),
    narrow: { columns: ['Review', 'Permission', 'Unanswered'], details: reviews.map((r) => `review ${r.shortId}`) },
  };
  const summary = `${reviews.length} open access review${reviews.length === 1 ? '' : 's'}`;
  return info(summary, [{ type: 'header', text: 'Open access reviews' }, table]);
}

/** Who gained the permission while the review was open: a sentence, and a table of them. */
function gainedBlocks(review: ReviewDto, gained: ReviewReportNewHolder[]): ReplyBlock[] {
  if (gained.length === 0) return [];
  const text =
    `Gained ${review.permission} since the review started, so not reviewed: ${gained.length} ` +
    `user${gained.length === 1 ? '' : 's'}. Start another review of ${review.permission} to decide about them.`;
  return [
    { type: 'text', text },
    {
      type: 'table',
      columns: ['User', 'Name', 'Email', 'Has'],
      rows: gained.map((g) => [g.userId, g.name, g.email, valueText(g.value)]),
      narrow: { columns: ['User', 'Has'], details: gained.map((g) => `user show ${g.userId}`) },
    },
  ];
}

/**
 * A closed review's report: the counts, for each holder what was decided and by whom, and who
 * gained the permission while it was open (not reviewed).
 */
export function reviewReport(review: ReviewDto): Reply {
  const report = review.report;
  const closedBy = report?.closedBy ?? (review.closedBy ? named(review.closedBy) : 'its due date');
  const gained = report?.gainedSince ?? [];
  const since = gained.length
    ? ` ${gained.map((g) => g.userId).join(', ')} gained ${review.permission} since it started (not reviewed).`
    : '';
  const sentence =
    `Access review ${review.shortId} of ${review.permission} closed by ${closedBy}: ` +
    `${countsText(report ?? review.counts)}.${since}`;
  const lines = report?.lines ?? [];
  return info(sentence, [
    { type: 'header', text: `Access review report: ${review.permission}` },
    { type: 'text', text: sentence },
    reviewFacts(review),
    {
      type: 'table',
      columns: ['User', 'Name', 'Email', 'Had', 'Decision', 'Decided by', 'When (UTC)'],
      rows: lines.map((l) => [
        l.userId,
        l.name,
        l.email,
        valueText(l.valueAtStart),
        lineDecision(l),
        l.decidedBy ?? '-',
        l.decidedAt ? when(l.decidedAt).replace(' UTC', '') : '-',
      ]),
      narrow: { columns: ['User', 'Decision', 'Decided by'], details: lines.map((l) => `user show ${l.userId}`) },
    },
    ...gainedBlocks(review, gained),
  ]);
}

/** A reminder about an open review with items still unanswered (for the platforms' `reminders`). */
export function reviewReminderNotice(review: ReviewDto): Reply {
  const text =
    `Access review ${review.shortId} of ${review.permission} still has ${review.counts.unanswered} ` +
    `unanswered item${review.counts.unanswered === 1 ? '' : 's'}; it closes ${when(review.dueAt)}. ` +
    `\`review ${review.shortId}\` lists them.`;
  return info(text, [{ type: 'text', text }]);
}
