package com.smeplug.finetune;

import com.smeplug.platform.aws.Table;

/** Fine-tune's specialisations port wired by hand, as {@link FinetuneConfiguration} wires it, for tests and benchmarks. */
public final class PlainFinetuneWiring {

    private PlainFinetuneWiring() {
    }

    public static Specialisations specialisations(Table table) {
        return new SpecialisationStore(table);
    }
}
