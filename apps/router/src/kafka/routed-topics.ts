import { OfferCatalog } from '@app/catalog';
import { PerTargetParty, routedTopic, targetTopic } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { RouterSettings } from '../config/router.settings';

/**
 * The routed topics of this router: each party's shared topic and, with
 * TOPIC_ROUTED_PER_TARGET=isv, a topic per ISV publisher of the catalog (routedTopic in
 * libs/contracts decides). TopicsInitializer creates them all at start, so a batch never
 * publishes to a topic that does not exist.
 */
@Injectable()
export class RoutedTopics {
  readonly shared: Readonly<Record<string, string>>;
  /** party -> target ids with a topic of their own. */
  readonly own = new Map<string, Set<string>>();
  /** Catalog targets that keep the shared topic because their id makes no legal topic name. */
  readonly refused: { party: string; id: string; problem: string }[] = [];

  constructor(config: ConfigService<RouterSettings, true>) {
    this.shared = {
      partner: config.get('TOPIC_ROUTED_PARTNER', { infer: true }),
      isv: config.get('TOPIC_ROUTED_ISV', { infer: true }),
      microsoft: config.get('TOPIC_ROUTED_MICROSOFT', { infer: true }),
    };
    const perTarget = config.get('TOPIC_ROUTED_PER_TARGET', { infer: true });
    if (perTarget.includes('isv' satisfies PerTargetParty)) {
      this.own.set('isv', new Set());
      // TopicsInitializer creates these at start (all()).
      this.adopt(
        this.newTargets(OfferCatalog.fromFile(config.get('CATALOG_FILE', { infer: true }))),
      );
    }
  }

  /**
   * The catalog's ISV publishers that have no topic of their own yet, with the topic each
   * gets (ids that make no legal topic name are noted in `refused` and keep the shared topic).
   * Nothing changes until adopt(): the caller creates the topics first.
   */
  newTargets(catalog: OfferCatalog): { id: string; topic: string }[] {
    const ids = this.own.get('isv');
    if (!ids) return [];
    const found: { id: string; topic: string }[] = [];
    for (const id of new Set(catalog.offers.map((offer) => offer.publisherId))) {
      if (ids.has(id) || this.refused.some((r) => r.id === id)) continue;
      const made = targetTopic(this.shared.isv, id);
      if ('topic' in made) found.push({ id, topic: made.topic });
      else this.refused.push({ party: 'isv', id, problem: made.problem });
    }
    return found;
  }

  /** From now on these ISVs' events go to their own topics, which must exist. */
  adopt(targets: { id: string }[]): void {
    const ids = this.own.get('isv');
    for (const { id } of targets) ids?.add(id);
  }

  /** Where a routed event for this party and target goes. */
  topicOf(party: string, targetId: string): string {
    return routedTopic(this.shared[party], party, targetId, this.own);
  }

  /** Every routed topic: the shared ones and the targets' own. */
  all(): string[] {
    const own = [...this.own].flatMap(([party, ids]) =>
      [...ids].map((id) => routedTopic(this.shared[party], party, id, this.own)),
    );
    return [...Object.values(this.shared), ...own];
  }
}
