pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}

dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        google()
        mavenCentral()
    }
}

rootProject.name = "fieldsales-android"

// app: the Compose shell; shared: plain Kotlin/JVM (repository and view-models over the
// generated bindings), also compiled and tested on the JVM by shared/run-jvm-tests
include(":app", ":shared")
