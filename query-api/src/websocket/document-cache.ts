import type { DocumentNode } from 'graphql';

/**
 * Operations already parsed and validated, by their text: thousands of dashboards subscribe with the
 * same few documents, which then cost one syntax tree between them (not one per subscription), and
 * let their subscribers share frames (shared-frames.ts keys operations by document). Only documents that
 * passed validation are kept, and only short ones, the least recently used going first.
 */
export class DocumentCache {
  private readonly documents = new Map<string, DocumentNode>();

  constructor(
    private readonly maxEntries = 500,
    private readonly maxQueryLength = 8_192,
  ) {}

  get(query: string): DocumentNode | undefined {
    const document = this.documents.get(query);
    if (document) {
      this.documents.delete(query);
      this.documents.set(query, document);
    }
    return document;
  }

  /** Keeps a document that parsed and validated. */
  set(query: string, document: DocumentNode): void {
    if (query.length > this.maxQueryLength) return;
    this.documents.set(query, document);
    if (this.documents.size > this.maxEntries) {
      this.documents.delete(this.documents.keys().next().value!);
    }
  }

  get size(): number {
    return this.documents.size;
  }
}
