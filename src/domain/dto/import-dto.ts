import type { ImportOrigin, ImportState } from '../entities/import-batch.js';

/** One problem of an import file: its line (the header is line 1), its column (null: the row or file), and what is wrong. */
export interface ImportErrorDto {
  line: number;
  column: string | null;
  message: string;
}

/** What a previewed import would do; nothing has changed yet. */
export interface ImportPreviewDto {
  id: string;
  fileName: string;
  state: ImportState;
  /** Rows in the file (the header aside). */
  total: number;
  toAdd: number;
  /** Rows naming an existing user; `unchanged` of them would change nothing. */
  toUpdate: number;
  unchanged: number;
  invalid: number;
  /** Rows that would send a password-setup email. */
  sendsEmails: number;
  /** Rows that would make someone an Administrator. */
  administrators: number;
  /** Rows that would change the email of an Administrator (where their password links go). */
  administratorEmails: number;
  /** Every problem, in line order (a front end shows the first few). */
  errors: ImportErrorDto[];
  createdAt: Date;
  /** A preview not confirmed by then cannot be. */
  expiresAt: Date;
}

/** How far an import has got; published while it runs (at most once a second) and at its end. */
export interface ImportProgressDto {
  id: string;
  accountId: string;
  /** The platform it was asked from, and where exactly (a front end posts progress there). */
  platform: string;
  origin: ImportOrigin;
  /** Where the front end posted the progress message (`recordImportMessage`), if it did. */
  messageRef: string | null;
  /** The portal user (PortalUser.id) who asked. */
  requester: string;
  fileName: string;
  state: ImportState;
  /** Rows to import (the valid rows of the preview). */
  total: number;
  /** Rows finished so far, whatever their outcome. */
  done: number;
  added: number;
  updated: number;
  /** Updates that changed nothing (no audit event, no new version). */
  unchanged: number;
  failed: number;
  /** Rows of the file that were wrong in the preview, never imported. */
  invalid: number;
  /** Why the import stopped, when it failed as a whole. */
  reason: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** A CSV file the services made (an export, the failed rows of an import). */
export interface CsvFileDto {
  fileName: string;
  csv: string;
  /** Rows in it (the header aside). */
  count: number;
}

/** The import ran to its end, every row done or failed (a cancelled one stopped before it). */
export const importFinished = (progress: Pick<ImportProgressDto, 'state'>): boolean =>
  progress.state === 'done' || progress.state === 'failed';
