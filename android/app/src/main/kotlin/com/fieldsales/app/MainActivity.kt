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
import com.fieldsales.app.screens.LoginScreen
import com.fieldsales.app.ui.FieldSalesTheme

class MainActivity : ComponentActivity() {
    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        enableEdgeToEdge()
        val app = application as FieldSalesApp
        setContent {
            FieldSalesTheme {
                Surface(Modifier.fillMaxSize()) {
                    val state by app.state.collectAsStateWithLifecycle()
                    when (val s = state) {
                        AppState.Opening -> Box(Modifier.fillMaxSize(), contentAlignment = Alignment.Center) {
                            CircularProgressIndicator()
                        }
                        is AppState.NeedsLogin -> LoginScreen(app, s.error)
                        is AppState.Ready -> FieldSalesNavHost(s.repository, onSignOut = ::signOut)
                    }
                }
            }
        }
    }

    /**
     * Close the store and start over at the login screen. The activity is finished, not
     * recreated, so every screen's view-model (and its listeners on the store) goes with it.
     */
    private fun signOut() {
        (application as FieldSalesApp).signOut()
        finish()
        startActivity(Intent(this, MainActivity::class.java))
    }
}
