import { Inject, Injectable, Scope } from '@nestjs/common';
import { REQUEST } from '@nestjs/core';
import type { AuthenticatedRequest } from '../auth/auth.decorators';
import type { TargetScope } from '../auth/roles';
import { DecisionFilters } from './audit-record';
import { filtersToSql, SqlCondition } from './audit-filters.sql';

/**
 * The caller's restriction, applied in one place for every reader of the audit table
 * (search, stats, export): a key scoped to one target reads only that target's rows.
 * Request-scoped; the target is read when a statement is built, because this instance is
 * made for the request before the guards have authenticated it.
 */
@Injectable({ scope: Scope.REQUEST })
export class AuditScope {
  constructor(@Inject(REQUEST) private readonly request: AuthenticatedRequest) {}

  /** The target a scoped key is bound to. */
  get target(): TargetScope | undefined {
    return this.request.principal?.target;
  }

  /**
   * The filters narrowed to the caller's target, for every search, stats and export
   * statement (the record lookups add `sql()`). Undefined when they ask for another target:
   * no row can match.
   */
  filters<F extends DecisionFilters>(filters: F): F | undefined {
    const target = this.target;
    if (!target) return filters;
    if (filters.targetType !== undefined && filters.targetType !== target.targetType) return;
    if (filters.targetId !== undefined && filters.targetId !== target.targetId) return;
    return { ...filters, targetType: target.targetType, targetId: target.targetId };
  }

  /** ` AND` the caller's target, for statements that look rows up by id. */
  sql(): SqlCondition {
    if (!this.target) return { sql: '', params: [] };
    const where = filtersToSql(this.target);
    return { sql: where.sql.replace(/^WHERE /, ' AND '), params: where.params };
  }
}
