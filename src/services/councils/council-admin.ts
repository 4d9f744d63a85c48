import { AppError, ErrorCodes } from '../../domain/errors.js';
import type { FieldProblem } from '../../domain/bot-registration.js';

/**
 * Shared by the council administration use cases (add, update, remove, reinstate): who acted, and how
 * problems are reported. The operator is whoever ran the CLI; their login name goes on the record.
 */
export interface CouncilOperator {
  /** "cli:add-council" and the like. */
  label: string;
  /** The operating-system user who ran the command, when known. */
  user?: string;
}

export function invalidInput(problems: FieldProblem[]): AppError {
  return new AppError(ErrorCodes.INVALID_INPUT, problems.map((p) => `--${p.field}: ${p.message}`).join('\n'));
}

export function auditDetails(operator: CouncilOperator, details: Record<string, unknown>): Record<string, unknown> {
  return { ...details, operator: operator.user ?? null };
}
