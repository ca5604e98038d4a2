package reslab.engine.zoo;

import reslab.engine.spec.NetworkSpec;
import reslab.engine.train.TrainingConfig;

/**
 * A ready-made network with the data and settings it is meant to train with.
 *
 * @param id      stable id used by the CLI, files and the UI's translations
 * @param title   English title; the app translates by id
 * @param dataset id for {@link reslab.engine.data.DatasetCatalog}
 */
public record Template(String id, String title, String description, NetworkSpec spec, String dataset,
                       TrainingConfig training) {}
