import { KafkaBatch } from '@app/kafka';
import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { RoutingService } from './routing.service';

/** Handler pattern of the input topic; the transport maps it to TOPIC_TICKETS_NEW. */
export const TICKETS_NEW = 'tickets.new';

/** Thin by design: the batch goes to the use-case; the transport owns commit and retry. */
@Controller()
export class TicketsConsumer {
  constructor(private readonly routing: RoutingService) {}

  @EventPattern(TICKETS_NEW)
  handle(@Payload() batch: KafkaBatch) {
    return this.routing.routeBatch(batch);
  }
}
