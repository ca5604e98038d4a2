package reslab.engine.io;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import reslab.engine.spec.AddSpec;
import reslab.engine.spec.AvgPoolSpec;
import reslab.engine.spec.BatchNormSpec;
import reslab.engine.spec.Conv2DSpec;
import reslab.engine.spec.DenseSpec;
import reslab.engine.spec.DropoutSpec;
import reslab.engine.spec.FlattenSpec;
import reslab.engine.spec.GateSpec;
import reslab.engine.spec.GlobalAvgPoolSpec;
import reslab.engine.spec.Init;
import reslab.engine.spec.InputSpec;
import reslab.engine.spec.LayerSpec;
import reslab.engine.spec.LeakyReluSpec;
import reslab.engine.spec.MaxPoolSpec;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.ProjectionShortcutSpec;
import reslab.engine.spec.ReluSpec;
import reslab.engine.spec.Shape;
import reslab.engine.spec.SigmoidSpec;
import reslab.engine.spec.TanhSpec;
import reslab.engine.spec.ZeroPadShortcutSpec;

/**
 * The JSON form of a network design. Layer records are written with a "type" tag; shapes as
 * arrays, initialisers as their text form. The spec classes stay free of JSON annotations:
 * the mapping lives here, as mix-ins.
 */
public final class SpecJson {
    private SpecJson() {}

    private static final ObjectMapper MAPPER = createMapper();

    /** The shared, configured mapper (thread-safe once built). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String write(NetworkSpec spec) {
        try {
            return MAPPER.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write design as JSON", e);
        }
    }

    public static NetworkSpec read(String json) throws JsonProcessingException {
        return MAPPER.readValue(json, NetworkSpec.class);
    }

    private static ObjectMapper createMapper() {
        SimpleModule module = new SimpleModule("reslab-spec");
        module.addSerializer(Shape.class, new ShapeSerializer());
        module.addDeserializer(Shape.class, new ShapeDeserializer());
        module.addSerializer(Init.class, new InitSerializer());
        module.addDeserializer(Init.class, new InitDeserializer());
        module.setMixInAnnotation(LayerSpec.class, LayerSpecMixin.class);
        return JsonMapper.builder()
                .addModule(module)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                // Every field is written (nulls too), so a missing one means a damaged file.
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // a newer file may add fields
                .build();
    }

    /** Type names are part of the file format: never rename one, only add. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = InputSpec.class, name = "input"),
        @JsonSubTypes.Type(value = DenseSpec.class, name = "dense"),
        @JsonSubTypes.Type(value = Conv2DSpec.class, name = "conv2d"),
        @JsonSubTypes.Type(value = BatchNormSpec.class, name = "batchnorm"),
        @JsonSubTypes.Type(value = MaxPoolSpec.class, name = "maxpool"),
        @JsonSubTypes.Type(value = AvgPoolSpec.class, name = "avgpool"),
        @JsonSubTypes.Type(value = GlobalAvgPoolSpec.class, name = "globalavgpool"),
        @JsonSubTypes.Type(value = FlattenSpec.class, name = "flatten"),
        @JsonSubTypes.Type(value = DropoutSpec.class, name = "dropout"),
        @JsonSubTypes.Type(value = SigmoidSpec.class, name = "sigmoid"),
        @JsonSubTypes.Type(value = TanhSpec.class, name = "tanh"),
        @JsonSubTypes.Type(value = ReluSpec.class, name = "relu"),
        @JsonSubTypes.Type(value = LeakyReluSpec.class, name = "leakyrelu"),
        @JsonSubTypes.Type(value = AddSpec.class, name = "add"),
        @JsonSubTypes.Type(value = ZeroPadShortcutSpec.class, name = "shortcut-a"),
        @JsonSubTypes.Type(value = ProjectionShortcutSpec.class, name = "shortcut-projection"),
        @JsonSubTypes.Type(value = GateSpec.class, name = "gate"),
    })
    abstract static class LayerSpecMixin {
        @JsonIgnore
        abstract String kind();

        @JsonIgnore
        abstract int arity();
    }

    static final class ShapeSerializer extends JsonSerializer<Shape> {
        @Override
        public void serialize(Shape s, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeArray(s.dims(), 0, s.rank());
        }
    }

    static final class ShapeDeserializer extends JsonDeserializer<Shape> {
        @Override
        public Shape deserialize(JsonParser p, DeserializationContext c) throws IOException {
            int[] dims = p.readValueAs(int[].class);
            if (dims == null || dims.length == 0) throw c.weirdStringException("", Shape.class, "a shape needs at least one size");
            return Shape.of(dims);
        }
    }

    static final class InitSerializer extends JsonSerializer<Init> {
        @Override
        public void serialize(Init i, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeString(i.name());
        }
    }

    static final class InitDeserializer extends JsonDeserializer<Init> {
        @Override
        public Init deserialize(JsonParser p, DeserializationContext c) throws IOException {
            String text = p.getValueAsString();
            try {
                return Init.parse(text);
            } catch (IllegalArgumentException e) {
                throw c.weirdStringException(text, Init.class, e.getMessage());
            }
        }
    }
}
