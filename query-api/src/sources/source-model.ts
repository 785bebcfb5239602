/** A source as the catalogue read model holds it (what the GraphQL `Source` type is resolved from). */
export interface SourceModel {
  tenant: string;
  id: string;
  name: string;
  /** The owner's subject (user id). */
  owner: string;
  unit: string | null;
  status: 'active' | 'retired';
  registeredAt: Date;
  lastValue: number | null;
  /** The newest point's time, epoch ms. */
  lastTs: number | null;
  lastSeen: Date | null;
}
