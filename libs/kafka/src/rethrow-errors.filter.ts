import { ArgumentsHost, Catch, RpcExceptionFilter } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';

/**
 * Put on every batch handler (`@UseFilters(new RethrowBatchErrors())`): Nest's default RPC
 * exception filter turns any error a handler throws into `{ status: 'error', message:
 * 'Internal server error' }`, which would hide from KafkaBatchServer whether the broker, the
 * database or the input failed (and log "[object Object]"). This hands the error on as it is.
 */
@Catch()
export class RethrowBatchErrors implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}
