package reslab.engine.io.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Runs ONNX files in onnxruntime, in a JVM of its own so that the test reading its error
 * stream sees everything onnxruntime logs (its native logger writes to the process's stderr,
 * which Java cannot capture in-process). Logging at warning level.
 *
 * <p>Argument: a jobs file, one job per line: {@code model<TAB>input.f32<TAB>d0,d1,...<TAB>output.f32}
 * (raw little-endian float32). Prints {@code ok<TAB>model<TAB>inputName<TAB>outputName<TAB>outputShape}
 * per job on stdout.
 */
public final class OrtMain {
    private OrtMain() {}

    public static void main(String[] args) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, "reslab-test");
        List<String> jobs = Files.readAllLines(Path.of(args[0]));
        for (String job : jobs) {
            if (job.isBlank()) continue;
            String[] f = job.split("\t");
            Path model = Path.of(f[0]);
            long[] dims = Arrays.stream(f[2].split(",")).mapToLong(Long::parseLong).toArray();
            ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(Path.of(f[1]))).order(ByteOrder.LITTLE_ENDIAN);
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING);
                try (OrtSession session = env.createSession(model.toString(), options)) {
                    String inputName = session.getInputNames().iterator().next();
                    String outputName = session.getOutputNames().iterator().next();
                    try (OnnxTensor x = OnnxTensor.createTensor(env, in.asFloatBuffer(), dims);
                         OrtSession.Result r = session.run(Map.of(inputName, x))) {
                        OnnxTensor y = (OnnxTensor) r.get(0);
                        FloatBuffer values = y.getFloatBuffer();
                        ByteBuffer out = ByteBuffer.allocate(values.remaining() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                        out.asFloatBuffer().put(values);
                        Files.write(Path.of(f[3]), out.array());
                        System.out.println("ok\t" + f[0] + "\t" + inputName + "\t" + outputName + "\t"
                                + Arrays.toString(y.getInfo().getShape()));
                    }
                }
            }
        }
    }
}
