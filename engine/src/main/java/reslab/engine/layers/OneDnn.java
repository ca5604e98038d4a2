package reslab.engine.layers;

import static org.bytedeco.dnnl.global.dnnl.*;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bytedeco.dnnl.const_dnnl_op_desc_t;
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
 * oneDNN called directly (JavaCPP's dnnl preset) for float layers: the library, and per
 * thread a stream, scratch memory and the {@link Plan}s (primitives made once per geometry).
 * The layers using it: {@link OneDnnConv}, {@link OneDnnBatchNorm}, {@link OneDnnRelu}.
 *
 * <p>libnd4j's own oneDNN is linked into libnd4jcpu and exports nothing, so this is a second
 * copy; both run on the same OpenMP runtime (ND4J's libgomp, loaded first), so the thread
 * count set by reslab.engine.train.ComputeThreads holds for both. Where the preset has no
 * build (macOS on ARM), for double arrays, or where oneDNN has no implementation of a
 * geometry, the layers compute as before, in libnd4j or Java.
 */
public final class OneDnn {
    private OneDnn() {}

    private static final int PLANS_PER_THREAD = 96;
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
    public static boolean available() {
        return Native.ENGINE != null;
    }

    /** True when oneDNN runs a layer on these arrays: it is available and they are all float. */
    static boolean runs(INDArray... arrays) {
        if (!available()) return false;
        for (INDArray a : arrays) if (a != null && a.dataType() != DataType.FLOAT) return false;
        return true;
    }

    /** Why {@link #available} is false, or null. */
    public static String problem() {
        return Native.PROBLEM;
    }

    /**
     * This thread's plan for {@code geometry} at the current thread count, made by {@code make}
     * the first time; null (and remembered) where oneDNN has no implementation, which {@link
     * #unsupportedUnless} signals.
     */
    @SuppressWarnings("unchecked")
    static <P extends Plan> P plan(Object geometry, Function<Context, P> make) {
        // oneDNN divides the work among the threads there are when a primitive is made: made
        // for 1 thread and run with 2, ResNet-20's step took 280-314 ms instead of 178.
        Object key = List.of(geometry, NativeOps.threads());
        Context ctx = Context.LOCAL.get();
        if (ctx.plans.containsKey(key)) return (P) ctx.plans.get(key);
        P p;
        try {
            p = make.apply(ctx);
        } catch (Unsupported e) {
            p = null;
        }
        ctx.plans.put(key, p);
        return p;
    }

    /** A geometry oneDNN has no implementation for. */
    static final class Unsupported extends RuntimeException {
        Unsupported(String what, int status) {
            super("oneDNN has no " + what + " for this: status " + status, null, false, false);
        }
    }

    /**
     * One thread's stream, the scratch memory blocked copies live in (shared by every plan,
     * since a call leaves nothing in it), and its plans, least recently used dropped. The
     * natives are freed when the thread's context is collected.
     */
    static final class Context {
        static final ThreadLocal<Context> LOCAL = ThreadLocal.withInitial(Context::new);
        static final int MAX_ARGS = 12;

        final Natives natives = new Natives();
        final dnnl_stream stream = new dnnl_stream();
        final BytePointer[] scratch = new BytePointer[8];
        final dnnl_exec_arg_t args = new dnnl_exec_arg_t(MAX_ARGS);
        final Map<Object, Plan> plans = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Plan> eldest) {
                if (size() <= PLANS_PER_THREAD) return false;
                if (eldest.getValue() != null) eldest.getValue().natives.run();
                return true;
            }
        };

        private Context() {
            check(dnnl_stream_create(stream, Native.ENGINE, dnnl_stream_default_flags), "stream");
            natives.streams.add(stream);
            natives.scratch = scratch;
            CLEANER.register(this, natives);
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

    /**
     * The primitives of one geometry and what running them takes: memory objects bound to
     * ND4J arrays or to scratch, reorders, execution on the thread's stream.
     */
    abstract static class Plan {
        private final Natives natives = new Natives();
        private final Context ctx;
        // Memory objects and reorders, made on first use and kept, keyed by descriptor and role.
        private final Map<Object, dnnl_memory> memories = new HashMap<>();
        private final Map<List<Object>, dnnl_primitive> reorders = new HashMap<>();
        private final Map<List<Object>, dnnl_memory_desc_t> layouts = new HashMap<>();

        Plan(Context ctx) {
            this.ctx = ctx;
            CLEANER.register(this, natives);
        }

        /** The array as a primitive wants it: itself, or reordered into scratch slot k. */
        final dnnl_memory in(dnnl_memory_desc_t from, INDArray a, dnnl_memory_desc_t to, int slot) {
            dnnl_memory mine = bind(from, a);
            if (dnnl_memory_desc_equal(from, to) != 0) return mine;
            dnnl_memory theirs = scratch(to, slot);
            exec(reorder(from, to), DNNL_ARG_FROM, mine, DNNL_ARG_TO, theirs);
            return theirs;
        }

        /** Where a primitive writes an output: the array itself, or scratch slot k. */
        final dnnl_memory out(dnnl_memory_desc_t theirs, dnnl_memory_desc_t mine, INDArray a, int slot) {
            return dnnl_memory_desc_equal(theirs, mine) != 0 ? bind(mine, a) : scratch(theirs, slot);
        }

        /** Copies an output from scratch into the array, if it went to scratch. */
        final void back(dnnl_memory_desc_t theirs, dnnl_memory written, dnnl_memory_desc_t mine, INDArray a) {
            if (dnnl_memory_desc_equal(theirs, mine) != 0) return;
            exec(reorder(theirs, mine), DNNL_ARG_FROM, written, DNNL_ARG_TO, bind(mine, a));
        }

        /**
         * The descriptor of array {@code a} of image dimensions {@code dims} in its own layout,
         * NCHW or {@link Blocked}, for {@code role}: each role binds its own array.
         */
        final dnnl_memory_desc_t layout(String role, long[] dims, INDArray a) {
            long block = Blocked.is(a) ? a.size(4) : 0;
            return layouts.computeIfAbsent(List.of(role, block), k -> md(dims, block == 0 ? dnnl_nchw : Blocked.tag(block)));
        }

        /** Copies array a (laid out as {@code from}) into array b (as {@code to}): one reorder. */
        final void copy(dnnl_memory_desc_t from, INDArray a, dnnl_memory_desc_t to, INDArray b) {
            exec(reorder(from, to), DNNL_ARG_FROM, bind(from, a), DNNL_ARG_TO, bind(to, b));
        }

        /** A memory object of this descriptor over the array's values (one per descriptor: bind just before use). */
        final dnnl_memory bind(dnnl_memory_desc_t md, INDArray a) {
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

        /** The primitive descriptor of an operation descriptor (a *_desc_t), or {@link Unsupported}. */
        final dnnl_primitive_desc desc(Pointer opDesc, dnnl_primitive_desc hint, String what) {
            dnnl_primitive_desc pd = new dnnl_primitive_desc();
            unsupportedUnless(dnnl_primitive_desc_create(pd, new const_dnnl_op_desc_t(opDesc), null, Native.ENGINE, hint), what);
            natives.descs.add(pd);
            return pd;
        }

        final dnnl_primitive primitive(dnnl_primitive_desc pd) {
            dnnl_primitive p = new dnnl_primitive();
            check(dnnl_primitive_create(p, pd), "primitive");
            natives.primitives.add(p);
            return p;
        }

        /** Runs a primitive on (argument, memory) pairs and waits for it. */
        final void exec(dnnl_primitive p, Object... argAndMemory) {
            int n = argAndMemory.length / 2;
            if (n > Context.MAX_ARGS) throw new IllegalArgumentException(n + " arguments");
            dnnl_exec_arg_t args = ctx.args;
            for (int i = 0; i < n; i++) {
                args.position(i).arg((Integer) argAndMemory[2 * i]).memory((dnnl_memory) argAndMemory[2 * i + 1]);
            }
            check(dnnl_primitive_execute(p, ctx.stream, n, args.position(0)), "execute");
            check(dnnl_stream_wait(ctx.stream), "wait");
        }
    }

    /** A float memory descriptor of these dimensions in this layout (dnnl_nchw, dnnl_x, ..., dnnl_format_tag_any). */
    static dnnl_memory_desc_t md(long[] dims, int tag) {
        dnnl_memory_desc_t m = new dnnl_memory_desc_t();
        check(dnnl_memory_desc_init_by_tag(m, dims.length, dims, dnnl_f32, tag), "memory descriptor");
        return m;
    }

    /** A descriptor a primitive chose; it lives as long as pd. */
    static dnnl_memory_desc_t query(dnnl_primitive_desc pd, int what) {
        return dnnl_primitive_desc_query_md(pd, what, 0);
    }

    /** {@code a} if it is dense, else a dense copy. */
    static INDArray dense(INDArray a) {
        return a == null || ArrayView.isDense(a) ? a : a.dup('c');
    }

    /** Where a dense float array's first value lies. */
    private static Pointer address(INDArray a) {
        if (a.dataType() != DataType.FLOAT || !ArrayView.isDense(a)) {
            throw new IllegalArgumentException("oneDNN needs dense float arrays, got " + a.dataType() + " " + Arrays.toString(a.shape()));
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

    static void check(int status, String what) {
        if (status != dnnl_success) throw new IllegalStateException("oneDNN " + what + " failed: status " + status);
    }

    /** A failed descriptor: oneDNN has no implementation of it, and the caller falls back. */
    static void unsupportedUnless(int status, String what) {
        if (status != dnnl_success) throw new Unsupported(what, status);
    }
}
