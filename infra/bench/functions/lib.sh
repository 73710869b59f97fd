# What infra/bench/functions/run and infra/bench/functions/compare share; sourced by them, not run. Expects
# set -euo pipefail, infra/jdk sourced and $work (the run's temporary directory).

# bench_environment TREE: the local dynalite and ElasticMQ with the template's table and queues and the sample tenants
# (TREE's BenchEnvironment), in the background, its variables written to $work/vars; its pid in $env_pid.
bench_environment() {
  java -cp "$1/functions/target/test-classes:$1/functions/target/classes:$(cat "$1/functions/target/bench-classpath.txt")" \
    -Dsmeplug.repo.root="$1" com.smeplug.bench.BenchEnvironment "$work/vars" > "$work/env.log" 2>&1 &
  env_pid=$!
}

# For an EXIT trap. (set -e holds inside the trap too: the killed environment's status 143 from wait would become the
# script's.)
stop_bench_environment() {
  [[ -z ${env_pid:-} ]] || { kill "$env_pid" 2>/dev/null; wait "$env_pid" 2>/dev/null || true; }
}

# bench_jvm TEMPLATE: sets jvm (TEMPLATE's JAVA_TOOL_OPTIONS, with serial GC as on a small Lambda) and, once the
# environment is up, props (its variables; gateway auth as deployed; a quota the warm chat run, 3 x (200 + N)
# questions, does not use up; quiet logs).
bench_jvm() {
  read -r -a jvm <<< "$(awk '/^Globals:/,/^Resources:/' "$1" | sed -n 's/^ *JAVA_TOOL_OPTIONS: *//p')"
  jvm+=(-XX:+UseSerialGC)
  for _ in $(seq 1 120); do [[ -s "$work/vars" ]] && break; sleep 0.5; done
  [[ -s "$work/vars" ]] || { echo "the bench environment did not start:" >&2; cat "$work/env.log" >&2; exit 1; }
  props=(); while IFS='=' read -r k v; do props+=("-D$k=$v"); done < "$work/vars"
  props+=("-DAUTH_MODE=gateway" "-DPLAN_PROFESSIONAL_QUERY_QUOTA=1000000" "-Dlogging.level.root=WARN" "-Dlogging.level.com.smeplug=WARN")
}

# bench_jar TREE JAR [jar arguments...]: the bench's classes of TREE's build (timing mains, plain baselines and the
# hand wiring they use) in one jar: an AOT cache covers only jars, and the JVM refuses to make one with a non-empty
# directory on the class path.
bench_jar() {
  local tests="$1/functions/target/test-classes" out="$2"; shift 2
  jar --create --file "$out" "$@" -C "$tests" com/smeplug/bench \
    $(cd "$tests" && ls com/smeplug/*/Plain*Wiring*.class | sed "s#^#-C $tests #")
}

# layers_of TREE FUNCTION: the layer zips (paths in TREE) that TREE's template.yaml gives the function whose
# SPRING_CLOUD_FUNCTION_DEFINITION is FUNCTION, by the layer resources' ContentUri.
layers_of() {
  local template="$1/template.yaml" resource
  resource="$(awk -v fn="$2" '/^  [A-Za-z]+Function:$/ {name=$1}
    /SPRING_CLOUD_FUNCTION_DEFINITION:/ && $2 == fn {found=name} END {sub(":", "", found); print found}' "$template")"
  awk -v r="  $resource:" '$0 == r {inside=1; next} inside && /^  [A-Za-z]/ {inside=0} inside && /- !Ref .*Layer$/ {print $3}' "$template" |
    while read -r layer; do
      awk -v l="  $layer:" '$0 == l {inside=1; next} inside && /^  [A-Za-z]/ {inside=0} inside && /ContentUri:/ {print $2}' "$template"
    done
}

# The JVM's os.arch (aarch64 on Lambda's arm64, amd64 here).
host_arch() {
  java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *os\.arch = //p'
}

# The libraries' full Maven jars (every platform's natives) on the test class path of this tree's build.
host_native_jars() {
  tr ':' '\n' < functions/target/bench-classpath.txt | grep -E '/(onnxruntime|tokenizers)-[0-9][^/]*\.jar$' | paste -sd: -
}

# host_natives_as_files MODEL_DIR: the embeddings layer ships the natives Lambda's arm64 loads (ONNX Runtime, its JNI
# binding, the tokenizer) as files in MODEL_DIR/native/linux-aarch64/, loaded in place (NativeLibraries); on another
# host this host's natives from the libraries' Maven jars stand in, as files in MODEL_DIR/native/linux-<arch>/.
host_natives_as_files() {
  local arch; arch="$(host_arch)"
  [[ $arch != aarch64 ]] || return 0
  local natives="$1/native/linux-$arch" jar
  mkdir -p "$natives"
  for jar in $(host_native_jars | tr ':' ' '); do
    unzip -q -j -o "$jar" 'ai/onnxruntime/native/linux-x64/*.so' 'native/lib/linux-x86_64/cpu/*.so' -d "$natives" 2>/dev/null || true
  done
  [[ $(ls "$natives" | wc -l) -eq 3 ]] || { echo "no host natives for $arch in $natives: $(ls "$natives")" >&2; exit 1; }
}

# The median of the integers on standard input (the mean of the middle two for an even count), as an integer.
median() {
  sort -n | awk '{a[NR]=$1} END {printf "%d", (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'
}
