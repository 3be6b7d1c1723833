import { CatalogError, OfferCatalog } from '@app/catalog';
import { TicketClassifier } from '@app/classifier';
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { readFile, stat } from 'node:fs/promises';
import { Admin } from 'kafkajs';
import { RouterSettings } from '../config/router.settings';
import { RoutedTopics } from '../kafka/routed-topics';
import { KAFKA_ADMIN } from '../kafka/kafka.tokens';

/**
 * Keeps the offer catalog current while the router runs (docs/router.md, "The catalog"): polls
 * CATALOG_FILE every CATALOG_RELOAD_SECONDS and, when the file changed, validates it whole
 * and hands it to the classifier; the next message is decided with it, and every decision
 * names its catalog version. A file that does not validate is refused with one log line
 * naming every problem, and the catalog in force stays. Polling, not fs.watch: it sees a file
 * replaced by rename (how configuration tools and Kubernetes ConfigMaps update files) and
 * works on every file system.
 */
@Injectable()
export class CatalogWatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CatalogWatcher.name);
  private readonly file: string;
  private readonly intervalMs: number;
  private timer?: NodeJS.Timeout;
  private lastSeen = '';
  private checking = false;

  private readonly partitions: number;

  constructor(
    private readonly classifier: TicketClassifier,
    private readonly routedTopics: RoutedTopics,
    @Inject(KAFKA_ADMIN) private readonly admin: Admin,
    config: ConfigService<RouterSettings, true>,
  ) {
    this.file = config.get('CATALOG_FILE', { infer: true });
    this.partitions = config.get('TOPIC_PARTITIONS', { infer: true });
    this.intervalMs = config.get('CATALOG_RELOAD_SECONDS', { infer: true }) * 1000;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.lastSeen = await this.fingerprint().catch(() => '');
    this.logger.log({
      msg: 'catalog in force',
      file: this.file,
      version: this.classifier.catalogVersion,
    });
    if (this.intervalMs > 0) {
      this.timer = setInterval(() => void this.check(), this.intervalMs);
      this.timer.unref();
    }
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Reloads the catalog if its file changed since the last look. */
  async check(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      const seen = await this.fingerprint();
      if (seen === this.lastSeen) return;
      this.lastSeen = seen;
      const catalog = OfferCatalog.fromJson(await readFile(this.file, 'utf8'), this.file);
      const previous = this.classifier.catalogVersion;
      if (catalog.version === previous) return;
      // A new ISV publisher gets its own topic (TOPIC_ROUTED_PER_TARGET) before any event
      // could go there.
      const targets = this.routedTopics.newTargets(catalog);
      if (targets.length > 0) {
        const existing = new Set(await this.admin.listTopics());
        const topics = targets.map((t) => t.topic).filter((topic) => !existing.has(topic));
        await this.admin.createTopics({
          waitForLeaders: true,
          topics: topics.map((topic) => ({ topic, numPartitions: this.partitions })),
        });
        this.routedTopics.adopt(targets);
        this.logger.log({ msg: 'topics of new targets', topics: targets.map((t) => t.topic) });
      }
      this.classifier.useCatalog(catalog);
      this.logger.log({
        msg: 'catalog reloaded',
        file: this.file,
        version: catalog.version,
        previousVersion: previous,
        offers: catalog.size,
      });
    } catch (error) {
      this.logger.error({
        msg: 'catalog update refused; the catalog in force stays',
        file: this.file,
        version: this.classifier.catalogVersion,
        error:
          error instanceof CatalogError || error instanceof Error ? error.message : String(error),
      });
    } finally {
      this.checking = false;
    }
  }

  private async fingerprint(): Promise<string> {
    const s = await stat(this.file);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  }
}
