package dev.abkit.internal.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * A {@link FileChannel} over a real one that behaves like a filling disk: writes succeed while the
 * {@link Disk}'s free bytes last, the write that reaches the end writes what fits and returns short
 * (as {@code write(2)} does on a full disk), and later writes throw {@code ENOSPC}. The disk can
 * also refuse truncation, for the case where a failed write cannot be taken back.
 */
public final class FaultyFileChannel extends FileChannel {

  /** Free space shared by the channels opened through {@link #opener}. */
  public static final class Disk {
    private long free;
    private boolean truncateFails;

    public Disk(long free) {
      this.free = free;
    }

    public synchronized void free(long bytes) {
      this.free = bytes;
    }

    public synchronized void truncateFails(boolean fails) {
      this.truncateFails = fails;
    }

    /** How many of {@code wanted} bytes may be written now; throws when none. */
    synchronized int take(int wanted) throws IOException {
      if (wanted == 0) {
        return 0;
      }
      if (free <= 0) {
        throw new IOException("No space left on device (injected)");
      }
      int n = (int) Math.min(wanted, free);
      free -= n;
      return n;
    }

    synchronized void checkTruncate() throws IOException {
      if (truncateFails) {
        throw new IOException("Input/output error (injected truncate failure)");
      }
    }
  }

  /** Opens files as {@code FileChannel.open} does, the channels writing to {@code disk}. */
  public interface Opener {
    FileChannel open(Path file, OpenOption... options) throws IOException;
  }

  public static Opener opener(Disk disk) {
    return (file, options) -> new FaultyFileChannel(FileChannel.open(file, options), disk);
  }

  private final FileChannel real;
  private final Disk disk;

  public FaultyFileChannel(FileChannel real, Disk disk) {
    this.real = real;
    this.disk = disk;
  }

  private ByteBuffer limited(ByteBuffer src, int n) {
    ByteBuffer part = src.duplicate();
    part.limit(part.position() + n);
    return part;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    int n = disk.take(src.remaining());
    int written = real.write(limited(src, n));
    src.position(src.position() + written);
    return written;
  }

  @Override
  public int write(ByteBuffer src, long position) throws IOException {
    int n = disk.take(src.remaining());
    int written = real.write(limited(src, n), position);
    src.position(src.position() + written);
    return written;
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    long total = 0;
    for (int i = offset; i < offset + length; i++) {
      total += write(srcs[i]);
    }
    return total;
  }

  @Override
  public FileChannel truncate(long size) throws IOException {
    disk.checkTruncate();
    real.truncate(size);
    return this;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return real.read(dst);
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    return real.read(dsts, offset, length);
  }

  @Override
  public int read(ByteBuffer dst, long position) throws IOException {
    return real.read(dst, position);
  }

  @Override
  public long position() throws IOException {
    return real.position();
  }

  @Override
  public FileChannel position(long newPosition) throws IOException {
    real.position(newPosition);
    return this;
  }

  @Override
  public long size() throws IOException {
    return real.size();
  }

  @Override
  public void force(boolean metaData) throws IOException {
    real.force(metaData);
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
    return real.transferTo(position, count, target);
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
    throw new UnsupportedOperationException("not used by abkit");
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
    throw new UnsupportedOperationException("not used by abkit");
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) throws IOException {
    return real.lock(position, size, shared);
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) throws IOException {
    return real.tryLock(position, size, shared);
  }

  @Override
  protected void implCloseChannel() throws IOException {
    real.close();
  }
}
