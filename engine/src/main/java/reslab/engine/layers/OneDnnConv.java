package reslab.engine.layers;

import static org.bytedeco.dnnl.global.dnnl.*;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_convolution_desc_t;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import reslab.engine.kernels.ArrayView;

/**
 * Float convolution, forward and backward, in oneDNN called directly (JavaCPP's dnnl preset),
 * with the activations in oneDNN's blocked layout (nChw8c on AVX2) only inside each call:
 * the layer's input and output stay NCHW, so every other layer, telemetry and the
 * step-through read them as before.
 *
 * <p>Why not libnd4j's conv2d / conv2d_bp, which also run oneDNN: measured on this 2-core
 * AVX2 machine (batch 64, 3x3, forward + backward data + backward weights, best of 25, one
 * process), ResNet-20's three stages [16@32x32, 32@16x16, 64@8x8] took 6.1 / 5.8 / 5.2 ms in
 * oneDNN with blocked arrays against 11.1 / 7.1 / 5.9 ms through libnd4j with NCHW ones at 2
 * threads, and 11.1 / 11.7 / 9.0 against 16.0 / 11.2 / 8.8 at 1. oneDNN's kernels for NCHW
 * arrays themselves were 1.5-5x slower than its blocked ones. A reorder of a [64, 16, 32, 32]
 * array between NCHW and blocked took 0.12-0.25 ms alone, but 0.3-0.4 ms inside a training
 * step, where caches hold other layers' data: in a ResNet-20 step (2 threads) the 19
 * convolutions' primitives took 100 ms and their reorders 31 ms. Whole steps, alternating
 * in one process with telemetry on: median 320 against 345 ms at 2 threads, 376 against 385
 * at 1. Keeping activations blocked from layer to layer would save the reorders; batch
 * norm, ReLU, Add, the shortcuts and telemetry would then have to read that layout.
 *
 * <p>The primitives of each geometry are made once per thread and kept (a stream is one
 * thread's). libnd4j's own oneDNN is linked into libnd4jcpu and exports nothing, so this is
 * a second copy; both run on the same OpenMP runtime (ND4J's libgomp, loaded first), so the
 * thread count set by reslab.engine.train.ComputeThreads holds for both. Where the preset has
 * no build (macOS on ARM) or a geometry has no oneDNN implementation, the callers fall back
 * to libnd4j.
 */
final class OneDnnConv {
    private OneDnnConv() {}

    private static final int PLANS_PER_THREAD = 64;
    private static final Cleaner CLEANER = Cleaner.create();

    /** Whether the dnnl preset's natives loaded and a CPU engine started; why not otherwise. */
    private static final class Native {
        static final dnnl_engine ENGINE;
        static final String PROBLEM;

        static {
            dnnl_engine engine = null;
            String problem = null;
            try {
                // For comparisons and as a way out should the library misbehave on some computer.
                if ("false".equals(System.getProperty("reslab.onednn"))) {
                    throw new IllegalStateException("turned off by -Dreslab.onednn=false");
                }
                Loader.load(org.bytedeco.dnnl.global.dnnl.class);
                dnnl_engine e = new dnnl_engine();
                check(dnnl_engine_create(e, dnnl_cpu, 0), "engine");
                engine = e;
            } catch (Throwable t) {
                problem = t.toString();
            }
            ENGINE = engine;
            PROBLEM = problem;
        }
    }

    /** True where oneDNN's own library runs on this computer. */
    static boolean available() {
        return Native.ENGINE != null;
    }

    /** True when a convolution of {@code x} runs here: oneDNN is available and x is float. */
    static boolean runs(INDArray x) {
        return available() && x.dataType() == DataType.FLOAT;
    }

    /** Why {@link #available} is false, or null. */
    static String problem() {
        return Native.PROBLEM;
    }

    /** One convolution's geometry: what its primitives depend on. */
    private record Key(long n, long c, long h, long w, long o, Window2D win, boolean bias) {
        static Key of(INDArray x, INDArray w, Window2D win, boolean bias) {
            return new Key(x.size(0), x.size(1), x.size(2), x.size(3), w.size(0), win, bias);
        }
    }

    /**
     * y = conv(x, w) + b into y (all NCHW / OIHW, dense float); b may be null. False, with
     * nothing written, where oneDNN has no implementation for this geometry.
     */
    static boolean forward(INDArray x, INDArray w, INDArray b, INDArray y, Window2D win) {
        Plan p = plan(x, w, win, b != null, y);
        if (p == null) return false;
        p.forward(dense(x), dense(w), b == null ? null : dense(b), y);
        return true;
    }

    /**
     * dx (null when not wanted), dW and db (null without bias) of the convolution, written,
     * not added. False, with nothing written, where oneDNN has no implementation.
     */
    static boolean backward(INDArray x, INDArray w, INDArray dy, INDArray dx, INDArray dw, INDArray db, Window2D win) {
        Plan p = plan(x, w, win, db != null, dy);
        if (p == null) return false;
        p.backward(dense(x), dense(w), dense(dy), dx, dw, db);
        return true;
    }

    private static Plan plan(INDArray x, INDArray w, Window2D win, boolean bias, INDArray other) {
        if (!available() || x.dataType() != DataType.FLOAT || w.dataType() != DataType.FLOAT
                || other.dataType() != DataType.FLOAT) {
            return null;
        }
        Context ctx = Context.LOCAL.get();
        Key key = Key.of(x, w, win, bias);
        if (ctx.plans.containsKey(key)) return ctx.plans.get(key);
        Plan p;
        try {
            p = new Plan(key, ctx);
        } catch (IllegalStateException unsupported) {
            p = null;                                        // remembered: libnd4j computes this one
        }
        ctx.plans.put(key, p);
        return p;
    }

    /**
     * One thread's stream, the scratch memory the blocked copies live in (shared by every
     * plan, since a call leaves nothing in it), and its plans, least recently used dropped.
     * The natives are freed when the thread's context is collected.
     */
    private static final class Context {
        static final ThreadLocal<Context> LOCAL = ThreadLocal.withInitial(Context::new);

        final Natives natives = new Natives();
        final dnnl_stream stream = new dnnl_stream();
        final BytePointer[] scratch = new BytePointer[6];
        final Map<Key, Plan> plans = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Plan> eldest) {
                if (size() <= PLANS_PER_THREAD) return false;
                if (eldest.getValue() != null) eldest.getValue().natives.run();
                return true;
            }
        };

        Context() {
            check(dnnl_stream_create(stream, Native.ENGINE, dnnl_stream_default_flags), "stream");
            natives.streams.add(stream);
            natives.scratch = scratch;
            CLEANER.register(this, natives);
        }

        private final dnnl_exec_arg_t args = new dnnl_exec_arg_t(8);

        /** The argument array of an execution, for n arguments (at most 8). */
        dnnl_exec_arg_t args(int n) {
            if (n > 8) throw new IllegalArgumentException(n + " arguments");
            return args;
        }

        /** Scratch slot k, at least {@code bytes} long, starting on a 64-byte boundary (a cache line, as oneDNN advises). */
        Pointer scratch(int k, long bytes) {
            if (scratch[k] == null || scratch[k].capacity() < bytes + 63) {
                if (scratch[k] != null) scratch[k].deallocate();
                scratch[k] = new BytePointer(bytes + 63);
            }
            return at((scratch[k].address() + 63) & ~63L);
        }
    }

    /** Native objects to destroy: run once, by the cleaner or on eviction. Holds no reference to its owner. */
    private static final class Natives implements Runnable {
        final List<dnnl_primitive> primitives = new ArrayList<>();
        final List<dnnl_primitive_desc> descs = new ArrayList<>();
        final List<dnnl_memory> memories = new ArrayList<>();
        final List<dnnl_stream> streams = new ArrayList<>();
        BytePointer[] scratch = new BytePointer[0];
        private boolean done;

        @Override
        public synchronized void run() {
            if (done) return;
            done = true;
            primitives.forEach(p -> dnnl_primitive_destroy(p));
            memories.forEach(m -> dnnl_memory_destroy(m));
            descs.forEach(d -> dnnl_primitive_desc_destroy(d));
            streams.forEach(s -> dnnl_stream_destroy(s));
            for (BytePointer b : scratch) if (b != null) b.deallocate();
        }
    }

    // Scratch slots.
    private static final int SRC = 0, WEIGHTS = 1, DST = 2, DIFF_SRC = 3, DIFF_DST_W = 4, DIFF_WEIGHTS = 5;

    /**
     * The primitives of one geometry: forward, backward data, backward weights, and the
     * reorders between the NCHW / OIHW arrays and the layouts each primitive chose.
     */
    private static final class Plan {
        final Natives natives = new Natives();
        final Context ctx;
        final Bound user;
        final Step fwd, bwdData, bwdWeights;

        Plan(Key k, Context ctx) {
            this.ctx = ctx;
            CLEANER.register(this, natives);
            Window2D win = k.win;
            long[] xDims = {k.n, k.c, k.h, k.w}, wDims = {k.o, k.c, win.kernelH(), win.kernelW()};
            long[] yDims = {k.n, k.o, win.outH(), win.outW()};
            long[] strides = {win.strideH(), win.strideW()};
            long[] padL = {win.padTop(), win.padLeft()};
            // oneDNN wants the padding the last window really uses: rows past it are never read.
            long[] padR = {(long) (win.outH() - 1) * win.strideH() + win.kernelH() - k.h - win.padTop(),
                    (long) (win.outW() - 1) * win.strideW() + win.kernelW() - k.w - win.padLeft()};
            user = new Bound(md(xDims, dnnl_nchw), md(wDims, dnnl_oihw), md(yDims, dnnl_nchw),
                    k.bias ? md(new long[] {k.o}, dnnl_x) : null);
            dnnl_memory_desc_t xAny = md(xDims, dnnl_format_tag_any), wAny = md(wDims, dnnl_format_tag_any);
            dnnl_memory_desc_t yAny = md(yDims, dnnl_format_tag_any);

            dnnl_convolution_desc_t f = new dnnl_convolution_desc_t();
            unsupportedUnless(dnnl_convolution_forward_desc_init(f, dnnl_forward_training, dnnl_convolution_direct,
                    xAny, wAny, user.bias, yAny, strides, padL, padR));
            dnnl_primitive_desc fpd = desc(f, null);
            dnnl_convolution_desc_t d = new dnnl_convolution_desc_t();
            unsupportedUnless(dnnl_convolution_backward_data_desc_init(d, dnnl_convolution_direct, xAny, wAny, yAny,
                    strides, padL, padR));
            dnnl_primitive_desc dpd = desc(d, fpd);
            dnnl_convolution_desc_t g = new dnnl_convolution_desc_t();
            unsupportedUnless(dnnl_convolution_backward_weights_desc_init(g, dnnl_convolution_direct, xAny, wAny,
                    user.bias, yAny, strides, padL, padR));
            dnnl_primitive_desc gpd = desc(g, fpd);

            fwd = new Step(primitive(fpd), query(fpd, dnnl_query_src_md), query(fpd, dnnl_query_weights_md),
                    query(fpd, dnnl_query_dst_md));
            bwdData = new Step(primitive(dpd), query(dpd, dnnl_query_diff_src_md), query(dpd, dnnl_query_weights_md),
                    query(dpd, dnnl_query_diff_dst_md));
            bwdWeights = new Step(primitive(gpd), query(gpd, dnnl_query_src_md), query(gpd, dnnl_query_diff_weights_md),
                    query(gpd, dnnl_query_diff_dst_md));
        }

        /** y = conv(x, w) + b. */
        void forward(INDArray x, INDArray w, INDArray b, INDArray y) {
            dnnl_memory xs = in(user.x, x, fwd.act, SRC);
            dnnl_memory ws = in(user.w, w, fwd.weights, WEIGHTS);
            dnnl_memory ys = out(fwd.out, user.y, y, DST);
            if (b == null) {
                exec(fwd.primitive, DNNL_ARG_SRC, xs, DNNL_ARG_WEIGHTS, ws, DNNL_ARG_DST, ys);
            } else {
                exec(fwd.primitive, DNNL_ARG_SRC, xs, DNNL_ARG_WEIGHTS, ws, DNNL_ARG_BIAS, bind(user.bias, b),
                        DNNL_ARG_DST, ys);
            }
            back(fwd.out, ys, user.y, y);
        }

        /** dx (if wanted), dW, db (if a bias) written. */
        void backward(INDArray x, INDArray w, INDArray dy, INDArray dx, INDArray dw, INDArray db) {
            dnnl_memory dys = dx != null ? in(user.y, dy, bwdData.out, DST) : null;
            if (dx != null) {
                dnnl_memory ws = in(user.w, w, bwdData.weights, WEIGHTS);
                dnnl_memory dxs = out(bwdData.act, user.x, dx, DIFF_SRC);
                exec(bwdData.primitive, DNNL_ARG_DIFF_DST, dys, DNNL_ARG_WEIGHTS, ws, DNNL_ARG_DIFF_SRC, dxs);
                back(bwdData.act, dxs, user.x, dx);
            }
            dnnl_memory xs = in(user.x, x, bwdWeights.act, SRC);
            dnnl_memory dyw = dys != null && dnnl_memory_desc_equal(bwdWeights.out, bwdData.out) != 0
                    ? dys : in(user.y, dy, bwdWeights.out, DIFF_DST_W);
            dnnl_memory dws = out(bwdWeights.weights, user.w, dw, DIFF_WEIGHTS);
            if (db == null) {
                exec(bwdWeights.primitive, DNNL_ARG_SRC, xs, DNNL_ARG_DIFF_DST, dyw, DNNL_ARG_DIFF_WEIGHTS, dws);
            } else {
                exec(bwdWeights.primitive, DNNL_ARG_SRC, xs, DNNL_ARG_DIFF_DST, dyw, DNNL_ARG_DIFF_WEIGHTS, dws,
                        DNNL_ARG_DIFF_BIAS, bind(user.bias, db));
            }
            back(bwdWeights.weights, dws, user.w, dw);
        }

        /** The array as the primitive wants it: itself, or reordered into scratch slot k. */
        private dnnl_memory in(dnnl_memory_desc_t from, INDArray a, dnnl_memory_desc_t to, int slot) {
            dnnl_memory mine = bind(from, a);
            if (dnnl_memory_desc_equal(from, to) != 0) return mine;
            dnnl_memory theirs = scratch(to, slot);
            exec(reorder(from, to), DNNL_ARG_FROM, mine, DNNL_ARG_TO, theirs);
            return theirs;
        }

        /** Where the primitive writes an output: the array itself, or scratch slot k. */
        private dnnl_memory out(dnnl_memory_desc_t theirs, dnnl_memory_desc_t mine, INDArray a, int slot) {
            return dnnl_memory_desc_equal(theirs, mine) != 0 ? bind(mine, a) : scratch(theirs, slot);
        }

        /** Copies an output from scratch into the array, if it went to scratch. */
        private void back(dnnl_memory_desc_t theirs, dnnl_memory written, dnnl_memory_desc_t mine, INDArray a) {
            if (dnnl_memory_desc_equal(theirs, mine) != 0) return;
            exec(reorder(theirs, mine), DNNL_ARG_FROM, written, DNNL_ARG_TO, bind(mine, a));
        }

        // Memory objects and reorders, made on first use and kept, keyed by descriptor and role.
        private final Map<Object, dnnl_memory> memories = new HashMap<>();
        private final Map<List<Object>, dnnl_primitive> reorders = new HashMap<>();

        private dnnl_memory bind(dnnl_memory_desc_t md, INDArray a) {
            dnnl_memory m = memory(List.of("array", md.address()), md);
            check(dnnl_memory_set_data_handle(m, address(a)), "set data handle");
            return m;
        }

        private dnnl_memory scratch(dnnl_memory_desc_t md, int slot) {
            dnnl_memory m = memory(List.of("scratch", md.address(), slot), md);
            check(dnnl_memory_set_data_handle(m, ctx.scratch(slot, dnnl_memory_desc_get_size(md))), "set data handle");
            return m;
        }

        private dnnl_memory memory(Object key, dnnl_memory_desc_t md) {
            return memories.computeIfAbsent(key, k -> {
                dnnl_memory m = new dnnl_memory();
                check(dnnl_memory_create(m, md, Native.ENGINE, (Pointer) null), "memory");
                natives.memories.add(m);
                return m;
            });
        }

        private dnnl_primitive reorder(dnnl_memory_desc_t from, dnnl_memory_desc_t to) {
            return reorders.computeIfAbsent(List.of(from.address(), to.address()), k -> {
                dnnl_primitive_desc pd = new dnnl_primitive_desc();
                check(dnnl_reorder_primitive_desc_create(pd, from, Native.ENGINE, to, Native.ENGINE, null), "reorder");
                natives.descs.add(pd);
                return primitive(pd);
            });
        }

        private dnnl_primitive_desc desc(dnnl_convolution_desc_t d, dnnl_primitive_desc hint) {
            dnnl_primitive_desc pd = new dnnl_primitive_desc();
            unsupportedUnless(dnnl_primitive_desc_create(pd, new const_dnnl_op_desc_t(d), null, Native.ENGINE, hint));
            natives.descs.add(pd);
            return pd;
        }

        private dnnl_primitive primitive(dnnl_primitive_desc pd) {
            dnnl_primitive p = new dnnl_primitive();
            check(dnnl_primitive_create(p, pd), "primitive");
            natives.primitives.add(p);
            return p;
        }

        private dnnl_memory_desc_t md(long[] dims, int tag) {
            dnnl_memory_desc_t m = new dnnl_memory_desc_t();
            check(dnnl_memory_desc_init_by_tag(m, dims.length, dims, dnnl_f32, tag), "memory descriptor");
            return m;
        }

        private void exec(dnnl_primitive p, Object... argAndMemory) {
            int n = argAndMemory.length / 2;
            dnnl_exec_arg_t args = ctx.args(n);
            for (int i = 0; i < n; i++) {
                args.position(i).arg((Integer) argAndMemory[2 * i]).memory((dnnl_memory) argAndMemory[2 * i + 1]);
            }
            check(dnnl_primitive_execute(p, ctx.stream, n, args.position(0)), "execute");
            check(dnnl_stream_wait(ctx.stream), "wait");
        }
    }

    /** A primitive and the layouts it reads and writes: activation side, weights side, output side. */
    private record Step(dnnl_primitive primitive, dnnl_memory_desc_t act, dnnl_memory_desc_t weights, dnnl_memory_desc_t out) {}

    /** The layouts of the layer's own arrays: x and dx NCHW, W and dW OIHW, y and dy NCHW, b [o]. */
    private record Bound(dnnl_memory_desc_t x, dnnl_memory_desc_t w, dnnl_memory_desc_t y, dnnl_memory_desc_t bias) {}

    private static dnnl_memory_desc_t query(dnnl_primitive_desc pd, int what) {
        return dnnl_primitive_desc_query_md(pd, what, 0);                // lives as long as pd
    }

    private static INDArray dense(INDArray a) {
        return ArrayView.isDense(a) ? a : a.dup('c');
    }

    /** Where a dense float array's first value lies. */
    private static Pointer address(INDArray a) {
        if (a.dataType() != DataType.FLOAT || !ArrayView.isDense(a)) {
            throw new IllegalArgumentException("oneDNN needs dense float arrays, got " + a.dataType() + " "
                    + Arrays.toString(a.shape()));
        }
        return at(a.data().address() + a.offset() * Float.BYTES);
    }

    /** A pointer to an address, owning nothing. */
    private static Pointer at(long where) {
        return new Pointer() {
            {
                address = where;         // Pointer's own field: a parameter named address would be hidden by it
            }
        };
    }

    private static void check(int status, String what) {
        if (status != dnnl_success) throw new IllegalStateException("oneDNN " + what + " failed: status " + status);
    }

    /** Statuses that mean "no implementation for this": the caller falls back. */
    private static void unsupportedUnless(int status) {
        if (status != dnnl_success) throw new IllegalStateException("oneDNN has no convolution for this: status " + status);
    }
}
