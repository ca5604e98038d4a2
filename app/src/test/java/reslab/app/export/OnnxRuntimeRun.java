package reslab.app.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * Runs an exported model in onnxruntime in a JVM of its own, as the engine's ONNX tests do:
 * onnxruntime's native logger writes to the process's stderr, which only a parent process can
 * read, and a file that loads with a warning must fail the test. Logging at warning level.
 */
final class OnnxRuntimeRun {
    /** The model's output for the batch, the graph's input and output names, and what onnxruntime logged. */
    record Result(float[] output, String inputName, String outputName, String stderr, int exitCode) {}

    private OnnxRuntimeRun() {}

    /** Runs {@code model} on one batch ({@code dims}: [batch, ...], values row-major), working in {@code dir}. */
    static Result run(Path dir, Path model, float[] input, long[] dims) throws IOException, InterruptedException {
        Path in = dir.resolve("ort-input.f32"), out = dir.resolve("ort-output.f32");
        Path stdout = dir.resolve("ort.out"), stderr = dir.resolve("ort.err");
        ByteBuffer b = ByteBuffer.allocate(input.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(input);
        Files.write(in, b.array());
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Xmx512m", "-cp", classPath, OnnxRuntimeRun.class.getName(), model.toString(),
                in.toString(), LongStream.of(dims).mapToObj(Long::toString).collect(Collectors.joining(",")), out.toString())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("onnxruntime did not finish in 5 minutes");
        }
        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) return new Result(null, null, null, err, p.exitValue());
        String[] names = Files.readString(stdout, StandardCharsets.UTF_8).strip().split("\t");
        ByteBuffer o = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[o.remaining() / Float.BYTES];
        o.asFloatBuffer().get(values);
        return new Result(values, names[0], names[1], err, 0);
    }

    /** In the child: {@code model input.f32 d0,d1,... output.f32}; prints {@code inputName<TAB>outputName}. */
    public static void main(String[] args) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, "reslab-app-test");
        long[] dims = Arrays.stream(args[2].split(",")).mapToLong(Long::parseLong).toArray();
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(Path.of(args[1]))).order(ByteOrder.LITTLE_ENDIAN);
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING);
            try (OrtSession session = env.createSession(args[0], options)) {
                String inputName = session.getInputNames().iterator().next();
                String outputName = session.getOutputNames().iterator().next();
                try (OnnxTensor x = OnnxTensor.createTensor(env, in.asFloatBuffer(), dims);
                     OrtSession.Result r = session.run(Map.of(inputName, x))) {
                    FloatBuffer values = ((OnnxTensor) r.get(0)).getFloatBuffer();
                    ByteBuffer out = ByteBuffer.allocate(values.remaining() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                    out.asFloatBuffer().put(values);
                    Files.write(Path.of(args[3]), out.array());
                    System.out.println(inputName + "\t" + outputName);
                }
            }
        }
    }
}
