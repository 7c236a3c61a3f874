package dev.s2lite.emulator.store.h2;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.SFChunk;
import org.h2.mvstore.SingleFileStore;

/**
 * H2's single-file store, whose store header can be made to name the newest chunk, and which
 * compacts only sparse chunks.
 *
 * <p>Why: when H2 2.5 writes a chunk into freed space at a place the previous chunk did not
 * predict, it rewrites the store header, but with the previous chunk (its {@code lastChunk} is
 * updated only after the write). A restart after {@code kill -9} then follows the header to the
 * previous chunk, cannot reach the new one (it is neither predicted nor at the end of the file)
 * and opens the version before it: the last commit, already acknowledged, is gone. So after every
 * commit the committer calls {@link #nameNewestChunkInHeader}, which writes the header as H2 does,
 * naming the chunk just written; the fsync that precedes the acknowledgement covers it.
 */
final class NewestChunkFileStore extends SingleFileStore {

  /** H2's block size; the header is written into each of the first two blocks. */
  private static final int BLOCK_SIZE = 4096;

  NewestChunkFileStore(int cacheMiB) {
    super(config(cacheMiB));
  }

  private static Map<String, Object> config(int cacheMiB) {
    Map<String, Object> config = new HashMap<>();
    config.put("cacheSize", cacheMiB);
    return config;
  }

  /**
   * Moves the live pages of chunks at most {@code fillRate} percent live (up to {@code bytes} of
   * them) into the next chunk, so those chunks die; returns whether it moved any. Unlike {@code
   * MVStore.compact}, which rewrites any chunk, full ones too, while the store as a whole is
   * sparse (it is for as long as records of single-writer maps, which H2 never moves, keep old
   * chunks partly live), this ends: a chunk just written is full. Only the committer calls it.
   */
  boolean compactSparseChunks(int fillRate, int bytes) {
    return hasPersistentData() && rewriteChunks(bytes, fillRate);
  }

  /** Writes the store header naming the newest chunk, unless it already does. */
  void nameNewestChunkInHeader() {
    saveChunkLock.lock();
    try {
      SFChunk newest = lastChunk;
      if (newest == null || isReadOnly() || DataUtils.readHexLong(storeHeader, "version", -1) == newest.version) {
        return;
      }
      // The same bytes as H2's own header: its map, a Fletcher-32 checksum, a newline, twice.
      storeHeader.put("block", newest.block);
      storeHeader.put("chunk", newest.id);
      storeHeader.put("version", newest.version);
      StringBuilder text = DataUtils.appendMap(new StringBuilder(112), storeHeader);
      byte[] bytes = text.toString().getBytes(StandardCharsets.ISO_8859_1);
      DataUtils.appendMap(text, "fletcher", DataUtils.getFletcher32(bytes, 0, bytes.length));
      bytes = text.append('\n').toString().getBytes(StandardCharsets.ISO_8859_1);
      ByteBuffer header = ByteBuffer.allocate(2 * BLOCK_SIZE);
      header.put(bytes).position(BLOCK_SIZE);
      header.put(bytes).rewind();
      writeFully((SFChunk) null, 0, header);
    } finally {
      saveChunkLock.unlock();
    }
  }
}
