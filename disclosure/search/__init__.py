"""Full-text search over the public catalogue (Chinese segmentation, FTS5 / tsvector).

- segment: normalisation and jieba segmentation (dictionary in data/dict.txt)
- index: the index rows and keeping them current (update_disclosures, remove_disclosures,
  rebuild)
- query: search, order, snippet, facets, suggest
- signals: the index follows saves, publication, withdrawal, deletion and attachments
"""
