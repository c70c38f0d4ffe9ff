-- The identity of the blob store this database's processes share (BLOB_URL, or DATA_DIR/blobs): a
-- random id written once, here and as a blob in the store. A process whose store holds another id,
-- or none while this database has one, is looking at the wrong store (another DATA_DIR, no shared
-- BLOB_URL) and refuses to start, rather than taking jobs whose documents it cannot read.
-- One row at most (the check on `singleton`). Written by src/store/blob-store-identity.ts.
CREATE TABLE blob_store_identity (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
