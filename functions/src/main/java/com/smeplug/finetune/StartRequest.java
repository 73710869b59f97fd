package com.smeplug.finetune;

import java.util.List;

/** {@code POST /finetune}: the plug to specialise and the tenant's examples. */
record StartRequest(String plugId, List<Example> examples, String datasetUri) {
}
