package com.fieldsales.app

import android.content.Intent
import android.os.Bundle
import androidx.activity.ComponentActivity
import androidx.activity.compose.setContent
import androidx.activity.enableEdgeToEdge
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.Surface
import androidx.compose.runtime.getValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import androidx.lifecycle.lifecycleScope
import com.fieldsales.app.screens.LoginScreen
import com.fieldsales.app.ui.FieldSalesTheme
import kotlinx.coroutines.launch

class MainActivity : ComponentActivity() {
    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        enableEdgeToEdge()
        val app = application as FieldSalesApp
        // leaving the signed-in screens (login again, sign-out, a remote wipe) restarts the
        // activity, so every screen's view-model (and its listeners on the store) goes with it
        lifecycleScope.launch {
            var wasReady = false
            app.state.collect { s ->
                if (wasReady && s is AppState.NeedsLogin) {
                    finish()
                    startActivity(Intent(this@MainActivity, MainActivity::class.java))
                }
                wasReady = s is AppState.Ready
            }
        }
        setContent {
            FieldSalesTheme {
                Surface(Modifier.fillMaxSize()) {
                    val state by app.state.collectAsStateWithLifecycle()
                    when (val s = state) {
                        AppState.Opening -> Box(Modifier.fillMaxSize(), contentAlignment = Alignment.Center) {
                            CircularProgressIndicator()
                        }
                        is AppState.NeedsLogin -> LoginScreen(app, s.error)
                        is AppState.Ready -> FieldSalesNavHost(s.repository, onLogIn = app::closeForLogin)
                    }
                }
            }
        }
    }
}
