import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  Admin,
  ResourcePatternTypes,
} from 'kafkajs';

export interface IsvGrant {
  /** The ISV's own routed topic, e.g. support.tickets.routed.isv.contoso. */
  topic: string;
  /** Kafka principal of the ISV's consumer, e.g. User:contoso. */
  principal: string;
  /** Consumer groups the ISV may use: those whose id starts with this. */
  groupPrefix: string;
}

/** The ACLs of a grant: READ on the topic (which implies DESCRIBE) and on the group prefix. */
export function isvAcls({ topic, principal, groupPrefix }: IsvGrant) {
  const common = {
    principal,
    host: '*',
    operation: AclOperationTypes.READ,
    permissionType: AclPermissionTypes.ALLOW,
  };
  return [
    {
      ...common,
      resourceType: AclResourceTypes.TOPIC,
      resourceName: topic,
      resourcePatternType: ResourcePatternTypes.LITERAL,
    },
    {
      ...common,
      resourceType: AclResourceTypes.GROUP,
      resourceName: groupPrefix,
      resourcePatternType: ResourcePatternTypes.PREFIXED,
    },
  ];
}

/**
 * Lets one ISV read its own routed topic and nothing else: creates the topic when missing (so an
 * ISV can be onboarded before its first ticket), then adds the ACLs. Idempotent. The admin
 * client's principal needs ALTER on the cluster (a super user).
 */
export async function grantIsvRead(
  admin: Admin,
  grant: IsvGrant,
  numPartitions: number,
): Promise<{ createdTopic: boolean }> {
  const createdTopic = await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic: grant.topic, numPartitions }],
  });
  await admin.createAcls({ acl: isvAcls(grant) });
  return { createdTopic };
}

/** Removes a grant's ACLs (the topic and its events stay). */
export async function revokeIsvRead(admin: Admin, grant: IsvGrant): Promise<number> {
  let removed = 0;
  for (const acl of isvAcls(grant)) {
    const result = await admin.deleteAcls({ filters: [acl] });
    removed += result.filterResponses.reduce((n, r) => n + r.matchingAcls.length, 0);
  }
  return removed;
}
