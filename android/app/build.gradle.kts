import org.jetbrains.kotlin.gradle.dsl.JvmTarget

plugins {
    alias(libs.plugins.android.application)
    alias(libs.plugins.kotlin.android)
    alias(libs.plugins.kotlin.compose)
}

android {
    namespace = "com.fieldsales.app"
    compileSdk = 35

    defaultConfig {
        applicationId = "com.fieldsales.app"
        minSdk = 26
        targetSdk = 35
        versionCode = 1
        versionName = "0.1.0"
        // the ABIs build-rust-libs.sh builds libfieldsales_ffi.so for
        ndk {
            abiFilters += listOf("arm64-v8a", "armeabi-v7a", "x86_64")
        }
    }

    buildTypes {
        debug {
            // the emulator reaches a development server at http://10.0.2.2:PORT
            manifestPlaceholders["cleartextTraffic"] = "true"
        }
        release {
            isMinifyEnabled = false
            manifestPlaceholders["cleartextTraffic"] = "false"
            proguardFiles(getDefaultProguardFile("proguard-android-optimize.txt"), "proguard-rules.pro")
        }
    }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }

    buildFeatures {
        compose = true
    }
}

kotlin {
    compilerOptions {
        jvmTarget.set(JvmTarget.JVM_17)
    }
}

dependencies {
    implementation(project(":shared")) {
        // the JVM jar of JNA; Android takes the aar below, which carries the native dispatcher
        exclude(group = "net.java.dev.jna", module = "jna")
    }
    implementation(libs.jna) {
        // net.java.dev.jna:jna:<version>@aar
        artifact {
            name = "jna"
            type = "aar"
            extension = "aar"
        }
    }
    implementation(libs.kotlinx.coroutines.android)
    implementation(libs.androidx.core.ktx)
    implementation(libs.androidx.activity.compose)
    implementation(libs.androidx.lifecycle.viewmodel.compose)
    implementation(libs.androidx.lifecycle.runtime.compose)
    implementation(libs.androidx.navigation.compose)
    implementation(platform(libs.compose.bom))
    implementation(libs.compose.ui)
    implementation(libs.compose.foundation)
    implementation(libs.compose.material3)
    implementation(libs.compose.material.icons.core)
    implementation(libs.compose.ui.tooling.preview)
    debugImplementation(libs.compose.ui.tooling)
}

// libfieldsales_ffi.so for each ABI comes from ../build-rust-libs.sh; without it the app
// would build and then fail at its first call into the store
val checkRustLibs by tasks.registering {
    val jniLibs = layout.projectDirectory.dir("src/main/jniLibs")
    doLast {
        val missing = listOf("arm64-v8a", "armeabi-v7a", "x86_64")
            .filterNot { jniLibs.file("$it/libfieldsales_ffi.so").asFile.exists() }
        check(missing.isEmpty()) {
            "no libfieldsales_ffi.so for $missing in app/src/main/jniLibs: run android/build-rust-libs.sh first"
        }
    }
}
tasks.matching { it.name == "preBuild" }.configureEach { dependsOn(checkRustLibs) }
