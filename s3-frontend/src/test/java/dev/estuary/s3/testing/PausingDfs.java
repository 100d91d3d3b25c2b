package dev.estuary.s3.testing;

import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.Volume;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A backend decorator that stops one request in the middle, so a test can send another request
 * while the first is under way and then let it go on. {@link #pauseAt(String)} arms it: the next
 * call of that {@link FileHandle} method (e.g. {@code copyTo}, which CompleteMultipartUpload calls
 * to assemble the parts) waits until {@link #release()}. Meanwhile every thread that opens a
 * volume is recorded ({@link #arrivals()}), so the test can tell which thread serves its second
 * request and wait until that one is blocked or done.
 */
public final class PausingDfs {
  private volatile String pauseMethod;
  private volatile CountDownLatch paused = new CountDownLatch(1);
  private volatile CountDownLatch released = new CountDownLatch(1);
  private volatile Thread pausedThread;
  private final List<Thread> arrivals = new CopyOnWriteArrayList<>();

  /**
   * Wraps a backend.
   *
   * @param dfs the backend
   * @return the decorated backend
   */
  public Dfs wrap(Dfs dfs) {
    return proxy(Dfs.class, dfs);
  }

  /**
   * Arms the pause: the next call of the named {@link FileHandle} method waits for {@link
   * #release()}.
   *
   * @param fileHandleMethod e.g. {@code copyTo}
   */
  public void pauseAt(String fileHandleMethod) {
    paused = new CountDownLatch(1);
    released = new CountDownLatch(1);
    pausedThread = null;
    arrivals.clear();
    pauseMethod = fileHandleMethod;
  }

  /**
   * Waits until a call has stopped at the armed method.
   *
   * @param timeout the most to wait
   */
  public void awaitPaused(Duration timeout) {
    try {
      if (!paused.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("no call reached " + pauseMethod + " in " + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Lets the stopped call go on. */
  public void release() {
    pauseMethod = null;
    released.countDown();
  }

  /**
   * Returns the threads other than the stopped one that opened a volume since the pause was armed.
   *
   * @return the threads
   */
  public List<Thread> arrivals() {
    return arrivals.stream().filter(t -> t != pausedThread).toList();
  }

  /**
   * Waits, polling, until a condition holds.
   *
   * @param what what is awaited, for the failure message
   * @param timeout the most to wait
   * @param condition the condition
   */
  public static void await(String what, Duration timeout, BooleanSupplier condition) {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + timeout + ": " + what);
      }
      Thread.onSpinWait();
      Thread.yield();
    }
  }

  /**
   * Returns whether a thread is parked inside a method of a class with this simple name (e.g.
   * waiting for a lock taken in {@code UploadLocks}).
   *
   * @param t the thread
   * @param simpleClassName the class that must be on its stack
   * @return true when it waits there
   */
  public static boolean waitingIn(Thread t, String simpleClassName) {
    Thread.State s = t.getState();
    if (s != Thread.State.WAITING && s != Thread.State.TIMED_WAITING) {
      return false;
    }
    for (StackTraceElement f : t.getStackTrace()) {
      String c = f.getClassName();
      if (c.endsWith("." + simpleClassName) || c.contains("." + simpleClassName + "$")) {
        return true;
      }
    }
    return false;
  }

  @SuppressWarnings("unchecked")
  private <T> T proxy(Class<T> type, T target) {
    return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        new Forward(this, type, target));
  }

  private Object invoke(Class<?> type, Object target, Method m, Object[] args) throws Throwable {
    if (args != null) {
      for (int i = 0; i < args.length; i++) {
        args[i] = unwrap(args[i]);
      }
    }
    if (type == Dfs.class && m.getName().equals("volume")) {
      arrivals.add(Thread.currentThread());
    }
    if (type == FileHandle.class && m.getName().equals(pauseMethod)) {
      pauseMethod = null;
      pausedThread = Thread.currentThread();
      paused.countDown();
      if (!released.await(2, TimeUnit.MINUTES)) {
        throw new IllegalStateException("PausingDfs: not released within 2 minutes");
      }
    }
    Object r;
    try {
      r = m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
    if (r instanceof Volume v) {
      return proxy(Volume.class, v);
    }
    if (r instanceof FileHandle f) {
      return proxy(FileHandle.class, f);
    }
    return r;
  }

  /** The backend's own object behind one of our proxies, which it would not recognise. */
  private static Object unwrap(Object o) {
    if (o != null && Proxy.isProxyClass(o.getClass())
        && Proxy.getInvocationHandler(o) instanceof Forward f) {
      return f.target();
    }
    return o;
  }

  /** Forwards a call on a proxy to the backend's object. */
  private record Forward(PausingDfs owner, Class<?> type, Object target)
      implements InvocationHandler {
    @Override
    public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
      return owner.invoke(type, target, m, args);
    }
  }
}
