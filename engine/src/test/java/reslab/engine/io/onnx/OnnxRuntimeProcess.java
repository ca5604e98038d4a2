package reslab.engine.io.onnx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/** Starts {@link OrtMain} in a child JVM on some models and collects their outputs and the child's whole log. */
final class OnnxRuntimeProcess {
    private OnnxRuntimeProcess() {}

    /** One model run on one input batch ([dims...], row-major). */
    record Job(String label, Path model, float[] input, long[] dims) {}

    /** Per job: the output and the names onnxruntime reports; and everything the child wrote to stderr. */
    record Result(List<float[]> outputs, List<String> inputNames, List<String> outputNames, List<String> outputShapes,
                  String stderr, String stdout, int exitCode) {}

    static Result run(Path dir, List<Job> jobs) throws IOException, InterruptedException {
        List<String> lines = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            Job j = jobs.get(i);
            Path in = dir.resolve("input-" + i + ".f32"), out = dir.resolve("output-" + i + ".f32");
            ByteBuffer b = ByteBuffer.allocate(j.input().length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(j.input());
            Files.write(in, b.array());
            lines.add(j.model() + "\t" + in + "\t" + LongStream.of(j.dims()).mapToObj(Long::toString).collect(Collectors.joining(","))
                    + "\t" + out);
            outputs.add(out);
        }
        Path jobFile = dir.resolve("jobs.tsv");
        Files.write(jobFile, lines);
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path stdout = dir.resolve("ort.out"), stderr = dir.resolve("ort.err");
        Process p = new ProcessBuilder(java.toString(), "-Xmx512m", "-cp", classPath, OrtMain.class.getName(), jobFile.toString())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("onnxruntime did not finish in 5 minutes");
        }
        String out = Files.readString(stdout, StandardCharsets.UTF_8), err = Files.readString(stderr, StandardCharsets.UTF_8);
        List<float[]> results = new ArrayList<>();
        List<String> inNames = new ArrayList<>(), outNames = new ArrayList<>(), shapes = new ArrayList<>();
        if (p.exitValue() == 0) {
            for (Path o : outputs) {
                ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(o)).order(ByteOrder.LITTLE_ENDIAN);
                float[] v = new float[b.remaining() / Float.BYTES];
                b.asFloatBuffer().get(v);
                results.add(v);
            }
            for (String line : out.lines().toList()) {
                String[] f = line.split("\t");
                if (f.length == 5 && f[0].equals("ok")) {
                    inNames.add(f[2]);
                    outNames.add(f[3]);
                    shapes.add(f[4]);
                }
            }
        }
        return new Result(results, inNames, outNames, shapes, err, out, p.exitValue());
    }
}
