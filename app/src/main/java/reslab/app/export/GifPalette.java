package reslab.app.export;

import java.awt.image.IndexColorModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * One palette of at most 256 colours for every frame of an animation, so colours do not shimmer
 * from frame to frame: median cut over the colours of a few sample frames (and any colours
 * known to come, such as the gradient scale), then a lookup table from 15-bit colour to the
 * nearest entry, so mapping a frame costs one table read per pixel.
 */
final class GifPalette {
    private static final int BINS = 1 << 15;

    private final long[] count = new long[BINS];
    private final long[] sumR = new long[BINS], sumG = new long[BINS], sumB = new long[BINS];
    private byte[] r, g, b;
    private byte[] lookup;

    /** Adds the colours of a frame to the sample. */
    void sample(PixelImage image) {
        for (int p : image.argb()) add(p, 1);
    }

    /** Adds a colour that frames may show, as if {@code weight} pixels had it. */
    void add(int rgb, long weight) {
        int bin = bin(rgb);
        count[bin] += weight;
        sumR[bin] += ((rgb >> 16) & 0xff) * weight;
        sumG[bin] += ((rgb >> 8) & 0xff) * weight;
        sumB[bin] += (rgb & 0xff) * weight;
    }

    /** Chooses the palette from the sample; after this, {@link #index} maps colours. */
    void build() {
        List<Integer> bins = new ArrayList<>();
        for (int i = 0; i < BINS; i++) if (count[i] > 0) bins.add(i);
        if (bins.isEmpty()) bins.add(bin(0xffffff));
        int[] all = bins.stream().mapToInt(Integer::intValue).toArray();
        // Split the most populous boxes first, then weigh in their size, so that small areas of
        // a distinct colour (a bright bar) still get an entry of their own.
        List<Box> done = new ArrayList<>();
        PriorityQueue<Box> byCount = new PriorityQueue<>(Comparator.comparingDouble((Box x) -> -x.population));
        byCount.add(new Box(all, 0, all.length));
        int target = 256, firstPhase = target * 3 / 4;
        while (byCount.size() + done.size() < firstPhase && !byCount.isEmpty()) splitNext(byCount, done);
        PriorityQueue<Box> byVolume = new PriorityQueue<>(Comparator.comparingDouble((Box x) -> -x.population * x.volume()));
        byVolume.addAll(byCount);
        while (byVolume.size() + done.size() < target && !byVolume.isEmpty()) splitNext(byVolume, done);
        done.addAll(byVolume);
        int n = done.size();
        r = new byte[n];
        g = new byte[n];
        b = new byte[n];
        int[] rgb = new int[n];
        for (int i = 0; i < n; i++) {
            rgb[i] = done.get(i).meanRgb();
            r[i] = (byte) (rgb[i] >> 16);
            g[i] = (byte) (rgb[i] >> 8);
            b[i] = (byte) rgb[i];
        }
        lookup = new byte[BINS];
        for (int bin = 0; bin < BINS; bin++) {
            int c = count[bin] > 0 ? mean(bin) : centre(bin);
            lookup[bin] = (byte) nearest(rgb, c);
        }
    }

    private void splitNext(PriorityQueue<Box> queue, List<Box> done) {
        Box box = queue.poll();
        Box[] halves = box.split();
        if (halves == null) {
            done.add(box);
            return;
        }
        queue.add(halves[0]);
        queue.add(halves[1]);
    }

    /** The palette as 256 entries (a GIF colour table has a power-of-two size); the unused ones black. */
    IndexColorModel colorModel() {
        return new IndexColorModel(8, 256, java.util.Arrays.copyOf(r, 256), java.util.Arrays.copyOf(g, 256), java.util.Arrays.copyOf(b, 256));
    }

    int size() {
        return r.length;
    }

    /** The palette entry for a colour. */
    int index(int rgb) {
        return lookup[bin(rgb)] & 0xff;
    }

    private static int bin(int rgb) {
        return ((rgb >> 9) & 0x7c00) | ((rgb >> 6) & 0x03e0) | ((rgb >> 3) & 0x001f);
    }

    private int mean(int bin) {
        return rgb(sumR[bin], sumG[bin], sumB[bin], count[bin]);
    }

    /** The mean colour, rounded: a white background with a few near-white pixels stays white. */
    private static int rgb(long sumR, long sumG, long sumB, long count) {
        long half = count / 2;
        return (int) ((sumR + half) / count << 16 | (sumG + half) / count << 8 | (sumB + half) / count);
    }

    private static int centre(int bin) {
        int r5 = (bin >> 10) & 31, g5 = (bin >> 5) & 31, b5 = bin & 31;
        return (r5 * 255 / 31) << 16 | (g5 * 255 / 31) << 8 | (b5 * 255 / 31);
    }

    private static int nearest(int[] palette, int c) {
        int cr = (c >> 16) & 0xff, cg = (c >> 8) & 0xff, cb = c & 0xff;
        int best = 0;
        long bestD = Long.MAX_VALUE;
        for (int i = 0; i < palette.length; i++) {
            int dr = cr - ((palette[i] >> 16) & 0xff), dg = cg - ((palette[i] >> 8) & 0xff), db = cb - (palette[i] & 0xff);
            // Weighted as the eye sees it: green most, blue least.
            long d = 3L * dr * dr + 4L * dg * dg + 2L * db * db;
            if (d < bestD) {
                bestD = d;
                best = i;
            }
        }
        return best;
    }

    /** Bins [from, to) of {@code bins}: a box of the colour cube. */
    private final class Box {
        final int[] bins;
        final int from, to;
        final double population;
        int minR = 31, maxR, minG = 31, maxG, minB = 31, maxB;

        Box(int[] bins, int from, int to) {
            this.bins = bins;
            this.from = from;
            this.to = to;
            long p = 0;
            for (int i = from; i < to; i++) {
                int bin = bins[i];
                p += count[bin];
                int cr = (bin >> 10) & 31, cg = (bin >> 5) & 31, cb = bin & 31;
                minR = Math.min(minR, cr);
                maxR = Math.max(maxR, cr);
                minG = Math.min(minG, cg);
                maxG = Math.max(maxG, cg);
                minB = Math.min(minB, cb);
                maxB = Math.max(maxB, cb);
            }
            population = p;
        }

        double volume() {
            return (maxR - minR + 1.0) * (maxG - minG + 1.0) * (maxB - minB + 1.0);
        }

        /** Two boxes cut across the widest side at the median pixel; null for a single colour. */
        Box[] split() {
            if (to - from < 2) return null;
            int rr = maxR - minR, gr = maxG - minG, br = maxB - minB;
            int shift = rr >= gr && rr >= br ? 10 : gr >= br ? 5 : 0;
            // Sort this box's part of the array by the chosen channel.
            Integer[] part = new Integer[to - from];
            for (int i = from; i < to; i++) part[i - from] = bins[i];
            java.util.Arrays.sort(part, Comparator.comparingInt(x -> (x >> shift) & 31));
            for (int i = from; i < to; i++) bins[i] = part[i - from];
            long half = 0, total = (long) population;
            int cut = from + 1;
            for (int i = from; i < to - 1; i++) {
                half += count[bins[i]];
                cut = i + 1;
                if (half * 2 >= total) break;
            }
            return new Box[] {new Box(bins, from, cut), new Box(bins, cut, to)};
        }

        int meanRgb() {
            long c = 0, sr = 0, sg = 0, sb = 0;
            for (int i = from; i < to; i++) {
                int bin = bins[i];
                c += count[bin];
                sr += sumR[bin];
                sg += sumG[bin];
                sb += sumB[bin];
            }
            if (c == 0) return centre(bins[from]);
            return rgb(sr, sg, sb, c);
        }
    }
}
