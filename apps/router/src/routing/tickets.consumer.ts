import { KafkaBatch, KafkaBatchContext, RethrowBatchErrors } from '@app/kafka';
import { Controller, UseFilters } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { RoutingService } from './routing.service';

/** Handler pattern of the input topic; the transport maps it to TOPIC_TICKETS_NEW. */
export const TICKETS_NEW = 'tickets.new';

/** Thin by design: the batch goes to the use-case; the transport owns commit and retry. */
@Controller()
@UseFilters(new RethrowBatchErrors())
export class TicketsConsumer {
  constructor(private readonly routing: RoutingService) {}

  @EventPattern(TICKETS_NEW)
  handle(@Payload() batch: KafkaBatch, @Ctx() context: KafkaBatchContext) {
    return this.routing.routeBatch(batch, context.getAttempt());
  }
}
