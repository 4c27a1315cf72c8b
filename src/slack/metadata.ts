import type { FormMetadata } from '../../views/form.js';
import { LIMITS } from './limits.js';

/**
 * What a modal carries in `private_metadata` (at most 3,000 characters): the form, where to
 * confirm (the channel, and the response_url of the command that opened it), whether it came
 * from the Home tab, and the form's own hidden state. Only Switchboard sets it (views.open
 * with the bot token) and Slack returns it in the signed submission.
 */
export interface FormMetadataEnvelope {
  formId: string;
  channelId?: string;
  responseUrl?: string;
  fromHome?: boolean;
  metadata: FormMetadata;
}

interface Wire {
  v: 1;
  f: string;
  c?: string;
  r?: string;
  h?: 1;
  m: FormMetadata;
}

export function encodeFormMetadata(envelope: FormMetadataEnvelope): string {
  const wire: Wire = { v: 1, f: envelope.formId, m: envelope.metadata };
  if (envelope.channelId) wire.c = envelope.channelId;
  if (envelope.fromHome) wire.h = 1;
  if (envelope.responseUrl) wire.r = envelope.responseUrl;
  let text = JSON.stringify(wire);
  if (text.length > LIMITS.privateMetadata && wire.r) {
    // The response_url is a convenience (the confirmation can go by chat.postEphemeral or DM).
    delete wire.r;
    text = JSON.stringify(wire);
  }
  if (text.length > LIMITS.privateMetadata) {
    throw new Error(
      `The metadata of form ${envelope.formId} is ${text.length} characters; Slack keeps at most ${LIMITS.privateMetadata}`,
    );
  }
  return text;
}

/** The envelope, or null when the text is not one of ours. */
export function decodeFormMetadata(text: string | undefined): FormMetadataEnvelope | null {
  if (!text) return null;
  let wire: Partial<Wire>;
  try {
    wire = JSON.parse(text) as Partial<Wire>;
  } catch {
    return null;
  }
  if (wire?.v !== 1 || typeof wire.f !== 'string' || typeof wire.m !== 'object' || wire.m === null) return null;
  const metadata: FormMetadata = {};
  for (const [key, value] of Object.entries(wire.m)) {
    if (typeof value === 'string' || typeof value === 'number') metadata[key] = value;
  }
  return {
    formId: wire.f,
    metadata,
    ...(typeof wire.c === 'string' ? { channelId: wire.c } : {}),
    ...(typeof wire.r === 'string' && /^https?:\/\//.test(wire.r) ? { responseUrl: wire.r } : {}),
    ...(wire.h === 1 ? { fromHome: true } : {}),
  };
}
