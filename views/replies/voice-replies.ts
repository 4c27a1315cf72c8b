import type { ProvisioningStatus } from '../../src/domain/entities/voice-credential.js';
import type { ProvisioningReceipt } from '../../src/domain/dto/voice-dto.js';
import { reply, type Reply, type ReplyBlock } from '../reply.js';

/**
 * The replies to voice changes say where the change went: applied on the voice platform
 * (a ✓), queued for it, or saved in Switchboard only because no provisioner is configured.
 */
export function voiceChangeReply(
  receipt: ProvisioningReceipt,
  headline: (where: string) => string,
  blocks: ReplyBlock[] = [],
): Reply {
  const summary = headline(whereItWent(receipt));
  const detail: ReplyBlock = { type: 'text', text: receipt.detail };
  return reply(receipt.status === 'applied' ? 'success' : 'info', summary, [
    { type: 'text', text: summary },
    ...blocks,
    detail,
  ]);
}

/** The verb of a headline by where the change went: Set, Queued or Saved. */
export function changeVerb(receipt: ProvisioningReceipt): string {
  return { applied: 'Set', queued: 'Queued', 'not-sent': 'Saved' }[receipt.status];
}

function whereItWent(receipt: ProvisioningReceipt): string {
  const platform = receipt.platform ?? 'the voice platform';
  switch (receipt.status) {
    case 'applied':
      return `on ${platform}`;
    case 'queued':
      return `for ${platform} (queued)`;
    case 'not-sent':
      return 'in Switchboard only';
  }
}

/** For `voice show`: where the last change of a PIN, password or E911 address went. */
export function provisioningLabel(status: ProvisioningStatus | null): string | null {
  switch (status) {
    case 'applied':
      return 'on the voice platform';
    case 'queued':
      return 'queued for the voice platform';
    case 'not-sent':
      return 'in Switchboard only (no voice provisioner configured)';
    case null:
      return null;
  }
}
