package com.fieldsales.app

import androidx.compose.runtime.Composable
import androidx.lifecycle.ViewModel
import androidx.lifecycle.viewModelScope
import androidx.lifecycle.viewmodel.compose.viewModel
import androidx.lifecycle.viewmodel.initializer
import androidx.lifecycle.viewmodel.viewModelFactory
import kotlinx.coroutines.CoroutineScope

/**
 * The Android side of a shared view-model: it lives in a `ViewModel` (so it survives rotation
 * and dies with its screen's back-stack entry) and runs on that `ViewModel`'s scope.
 */
class ScreenModelHolder(create: (CoroutineScope) -> Any) : ViewModel() {
    val model: Any = create(viewModelScope)
}

/**
 * The shared view-model of the current navigation destination, made by [create] the first
 * time. [key] tells apart two models of one type on one destination.
 */
@Composable
inline fun <reified T : Any> screenModel(
    key: String? = null,
    noinline create: (CoroutineScope) -> T,
): T {
    val holder: ScreenModelHolder = viewModel(
        key = key ?: T::class.java.name,
        factory = viewModelFactory { initializer { ScreenModelHolder(create) } },
    )
    return holder.model as T
}
