package com.fieldsales.app.screens

// A screen written the wrong way, for scripts/check-strings-test: every line marked FLAG must
// be reported, and no other line. ("Text("in a comment")" is no text on a screen.)

import androidx.compose.material.icons.Icons
import androidx.compose.material3.Icon
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.text.style.TextAlign
import com.fieldsales.app.R

@Composable
fun HardCodedScreen(name: String, count: Int, flag: Boolean) {
    Text("Hello")                                                     // FLAG
    Text(
        "Spread over two lines",                                      // FLAG
    )
    Text("สวัสดี")                                                     // FLAG
    Text("سلام")                                                      // FLAG
    Text("你好")                                                       // FLAG
    Text("Xin chào $name")                                            // FLAG
    OutlinedTextField(name, {}, label = { Text("Name") })             // FLAG
    OutlinedTextField(name, {}, placeholder = { Text("Search") })     // FLAG
    Icon(Icons.Filled.Add, contentDescription = "Add")                // FLAG
    SectionTitle(title = "Orders")                                    // FLAG
    Text(if (flag) "Yes" else "No")                                   // FLAG
    Text(name.ifEmpty { null } ?: "Nobody")                           // FLAG
    Icon(Icons.Filled.ArrowBack, contentDescription = null)           // FLAG
    Text(name, textAlign = TextAlign.Left)                            // FLAG
    // what is allowed: resources, symbols, data, templates without words
    Text(stringResource(R.string.action_ok))
    Text("−")
    Text("+")
    Text("${name} · $count")
    Text("%")
    Text(stringResource(R.string.product_add, name))
    Icon(Icons.AutoMirrored.Filled.ArrowBack, contentDescription = stringResource(R.string.action_back))
}
