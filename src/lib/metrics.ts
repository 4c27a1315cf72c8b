import { Counter, Histogram, Registry } from 'prom-client';

/**
 * The process-wide metrics: counted where things happen (command dispatch, the chat
 * acknowledgements), cheap enough for the hot path (a label lookup and an increment).
 */
export const processMetrics = new Registry();

export const COMMAND_OUTCOMES = ['ok', 'refused', 'form', 'usage', 'unknown', 'error'] as const;
export type CommandOutcome = (typeof COMMAND_OUTCOMES)[number];

const commands = new Counter({
  name: 'switchboard_commands_total',
  help: 'Commands run, by command definition name (never the typed text), platform and outcome',
  labelNames: ['command', 'platform', 'outcome'] as const,
  registers: [processMetrics],
});

const acknowledgements = new Histogram({
  name: 'switchboard_ack_latency_seconds',
  help: 'Time from a chat request arriving to its acknowledgement (Slack) or answer (Teams), by platform',
  labelNames: ['platform'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5],
  registers: [processMetrics],
});

/** `command` is a CommandDefinition's words (`user add`), or `unknown` when no command matched. */
export function countCommand(command: string, platform: string, outcome: CommandOutcome): void {
  commands.inc({ command, platform, outcome });
}

/** `startedAt` from performance.now(). */
export function observeAcknowledgement(platform: 'slack' | 'teams', startedAt: number): void {
  acknowledgements.observe({ platform }, (performance.now() - startedAt) / 1000);
}
