import org.jetbrains.kotlin.gradle.dsl.JvmTarget
import javax.inject.Inject

// Plain Kotlin/JVM: the repository and view-models over the generated bindings. No Android
// imports, so the same sources compile and run on the JVM (run-jvm-tests) and on the phone.
plugins {
    `java-library`
    alias(libs.plugins.kotlin.jvm)
}

/** The fieldsales repository (android/ is one level below it). */
val fieldsalesRoot: File = rootDir.parentFile

/** Where the generated Kotlin bindings go; never committed (build/ is ignored). */
val uniffiOut = layout.buildDirectory.dir("generated/uniffi")

/**
 * Builds the host library and generates the Kotlin bindings from it with the repository's own
 * uniffi-bindgen (pinned to the library's uniffi version). build-rust-libs.sh does the same
 * for a phone build; this task keeps a plain `./gradlew build` working too. Needs cargo.
 */
abstract class GenerateUniffiBindings @Inject constructor(
    private val exec: ExecOperations,
) : DefaultTask() {
    @get:Internal
    abstract val repoRoot: DirectoryProperty

    /** The exported API lives here; a change to it regenerates the bindings. */
    @get:InputFiles
    @get:PathSensitive(PathSensitivity.RELATIVE)
    abstract val rustSources: ConfigurableFileCollection

    @get:OutputDirectory
    abstract val outputDir: DirectoryProperty

    @TaskAction
    fun generate() {
        val root = repoRoot.get().asFile
        val out = outputDir.get().asFile
        out.deleteRecursively()
        // Android Studio started from a desktop launcher may not have rustup's PATH
        val path = listOf(File(System.getProperty("user.home"), ".cargo/bin").path, System.getenv("PATH") ?: "")
            .joinToString(File.pathSeparator)
        exec.exec {
            workingDir = root
            environment("PATH", path)
            commandLine("cargo", "build", "--quiet", "-p", "fieldsales-ffi")
        }
        val lib = File(root, "target/debug/" + System.mapLibraryName("fieldsales_ffi"))
        exec.exec {
            workingDir = root
            environment("PATH", path)
            commandLine(
                "cargo", "run", "--quiet", "-p", "uniffi-bindgen", "--",
                "generate", "--no-format", "--library", lib.path,
                "--language", "kotlin", "--out-dir", out.path,
            )
        }
    }
}

val generateUniffiBindings by tasks.registering(GenerateUniffiBindings::class) {
    group = "build"
    description = "Generate the Kotlin bindings of fieldsales-ffi into build/generated/uniffi"
    repoRoot.set(fieldsalesRoot)
    rustSources.from(fileTree(fieldsalesRoot.resolve("bindings/src")), fieldsalesRoot.resolve("bindings/uniffi.toml"))
    outputDir.set(uniffiOut)
}

kotlin {
    jvmToolchain(17)
    compilerOptions {
        jvmTarget.set(JvmTarget.JVM_17)
    }
    sourceSets["main"].kotlin.srcDir(generateUniffiBindings)
}

dependencies {
    // the generated bindings call the library through JNA and run async calls on coroutines
    api(libs.kotlinx.coroutines.core)
    api(libs.jna)

    testImplementation(libs.junit)
}

tasks.test {
    // the tests open real stores through the host library (built by generateUniffiBindings)
    // and start a real sync server: `cargo build -p fieldsales-server` first
    val server = fieldsalesRoot.resolve("target/debug/fieldsales-server")
    systemProperty("jna.library.path", fieldsalesRoot.resolve("target/debug").path)
    environment("FIELDSALES_SERVER_BIN", server.path)
    doFirst {
        check(server.exists()) { "no $server: run `cargo build -p fieldsales-server` in ${fieldsalesRoot.path}" }
    }
    // JvmTestRunner is run-jvm-tests' runner, not a test
    exclude("**/JvmTestRunner*")
}
