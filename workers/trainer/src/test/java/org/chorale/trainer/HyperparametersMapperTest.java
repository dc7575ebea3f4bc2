package org.chorale.trainer;

import org.apache.avro.Schema;
import org.chorale.events.Hyperparameters;
import org.chorale.model.ModelConfig;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

class HyperparametersMapperTest {

    /** Every field differs from the paper's default, so a field the mapper forgets shows up as a default. */
    private static final ModelConfig UNUSUAL = new ModelConfig(30, 60, 3, 2, true, 17, 13, "sigmoid", 7, "adam",
            0.0123, 0.5, 5, 33, 2.5, 0.02, 3, 9, 4, 6, "corpus", 2);

    @Test void everyFieldSurvivesTheRoundTrip() {
        assertEquals(UNUSUAL, HyperparametersMapper.toConfig(HyperparametersMapper.toAvro(UNUSUAL)));
    }

    @Test void theUnusualConfigReallyDiffersFromTheDefaultsInEveryField() throws Exception {
        ModelConfig paper = ModelConfig.paper();
        for (RecordComponent c : ModelConfig.class.getRecordComponents())
            assertNotEquals(c.getAccessor().invoke(paper), c.getAccessor().invoke(UNUSUAL), c.getName());
    }

    @Test void avroFieldsAndConfigComponentsCorrespondByNameAndValue() throws Exception {
        Hyperparameters avro = HyperparametersMapper.toAvro(UNUSUAL);
        Map<String, RecordComponent> components = Arrays.stream(ModelConfig.class.getRecordComponents())
                .collect(Collectors.toMap(RecordComponent::getName, c -> c));
        assertEquals(components.keySet(), Hyperparameters.getClassSchema().getFields().stream()
                .map(Schema.Field::name).collect(Collectors.toSet()), "the two records must have the same fields");
        for (Schema.Field f : Hyperparameters.getClassSchema().getFields())
            assertEquals(components.get(f.name()).getAccessor().invoke(UNUSUAL), avro.get(f.pos()), f.name());
    }

    @Test void avroDefaultsAreThePapersConfig() {
        assertEquals(ModelConfig.paper(), HyperparametersMapper.toConfig(Hyperparameters.newBuilder().build()));
    }
}
