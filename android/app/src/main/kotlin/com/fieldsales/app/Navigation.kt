package com.fieldsales.app

import androidx.annotation.StringRes
import androidx.compose.foundation.layout.padding
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.automirrored.filled.ArrowBack
import androidx.compose.material.icons.filled.AccountCircle
import androidx.compose.material.icons.filled.DateRange
import androidx.compose.material.icons.filled.Refresh
import androidx.compose.material.icons.filled.Star
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.NavigationBar
import androidx.compose.material3.NavigationBarItem
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.material3.TopAppBar
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.vector.ImageVector
import androidx.compose.ui.res.stringResource
import androidx.navigation.NavGraph.Companion.findStartDestination
import androidx.navigation.NavHostController
import androidx.navigation.NavType
import androidx.navigation.compose.NavHost
import androidx.navigation.compose.composable
import androidx.navigation.compose.currentBackStackEntryAsState
import androidx.navigation.compose.rememberNavController
import androidx.navigation.navArgument
import com.fieldsales.app.screens.AccountDetailScreen
import com.fieldsales.app.screens.AccountsScreen
import com.fieldsales.app.screens.OrderEntryScreen
import com.fieldsales.app.screens.QuotaScreen
import com.fieldsales.app.screens.QuoteScreen
import com.fieldsales.app.screens.SyncScreen
import com.fieldsales.app.screens.TodayScreen
import com.fieldsales.app.screens.VisitScreen
import com.fieldsales.shared.Repository

/** The destinations; ids travel in the route. */
object Routes {
    const val TODAY = "today"
    const val ACCOUNTS = "accounts"
    const val SYNC = "sync"
    const val QUOTA = "quota"
    const val ACCOUNT = "account/{accountId}"
    const val VISIT = "visit/{visitId}"
    const val ORDER = "order/{accountId}?orderId={orderId}"
    const val QUOTE = "quote/{quoteId}"

    fun account(id: String) = "account/$id"
    fun visit(id: String) = "visit/$id"
    fun order(accountId: String, orderId: String? = null) =
        "order/$accountId" + (orderId?.let { "?orderId=$it" } ?: "")
    fun quote(id: String) = "quote/$id"
}

private data class Tab(val route: String, @StringRes val label: Int, val icon: ImageVector)

private val tabs = listOf(
    Tab(Routes.TODAY, R.string.tab_today, Icons.Filled.DateRange),
    Tab(Routes.ACCOUNTS, R.string.tab_accounts, Icons.Filled.AccountCircle),
    Tab(Routes.SYNC, R.string.tab_sync, Icons.Filled.Refresh),
    Tab(Routes.QUOTA, R.string.tab_quota, Icons.Filled.Star),
)

private val titles = mapOf(
    Routes.TODAY to R.string.title_today,
    Routes.ACCOUNTS to R.string.tab_accounts,
    Routes.SYNC to R.string.tab_sync,
    Routes.QUOTA to R.string.title_quota,
    Routes.ACCOUNT to R.string.title_account,
    Routes.VISIT to R.string.title_visit,
    Routes.ORDER to R.string.title_order,
    Routes.QUOTE to R.string.title_quote,
)

@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun FieldSalesNavHost(repo: Repository, onLogIn: () -> Unit) {
    val nav = rememberNavController()
    val entry by nav.currentBackStackEntryAsState()
    val route = entry?.destination?.route
    val isTab = tabs.any { it.route == route }
    Scaffold(
        topBar = {
            TopAppBar(
                title = { Text(stringResource(route?.let { titles[it] } ?: R.string.app_name)) },
                navigationIcon = {
                    if (!isTab && route != null) {
                        IconButton(onClick = { nav.popBackStack() }) {
                            Icon(Icons.AutoMirrored.Filled.ArrowBack, contentDescription = stringResource(R.string.action_back))
                        }
                    }
                },
            )
        },
        bottomBar = {
            NavigationBar {
                for (tab in tabs) {
                    NavigationBarItem(
                        selected = route == tab.route,
                        onClick = { nav.switchTab(tab.route) },
                        icon = { Icon(tab.icon, contentDescription = null) },
                        label = { Text(stringResource(tab.label)) },
                    )
                }
            }
        },
    ) { padding ->
        NavHost(nav, startDestination = Routes.TODAY, modifier = Modifier.padding(padding)) {
            composable(Routes.TODAY) {
                TodayScreen(
                    repo,
                    onVisit = { nav.navigate(Routes.visit(it)) },
                    onAccount = { nav.navigate(Routes.account(it)) },
                    onLogIn = onLogIn,
                )
            }
            composable(Routes.ACCOUNTS) {
                AccountsScreen(repo, onAccount = { nav.navigate(Routes.account(it)) })
            }
            composable(Routes.SYNC) { SyncScreen(repo, onLogIn = onLogIn) }
            composable(Routes.QUOTA) { QuotaScreen(repo) }
            composable(Routes.ACCOUNT, arguments = listOf(navArgument("accountId") { type = NavType.StringType })) {
                val accountId = it.arguments?.getString("accountId").orEmpty()
                AccountDetailScreen(
                    repo,
                    accountId,
                    onVisit = { id -> nav.navigate(Routes.visit(id)) },
                    onOrder = { orderId -> nav.navigate(Routes.order(accountId, orderId)) },
                    onQuote = { id -> nav.navigate(Routes.quote(id)) },
                )
            }
            composable(Routes.VISIT, arguments = listOf(navArgument("visitId") { type = NavType.StringType })) {
                VisitScreen(
                    repo,
                    it.arguments?.getString("visitId").orEmpty(),
                    onOrder = { accountId -> nav.navigate(Routes.order(accountId)) },
                )
            }
            composable(
                Routes.ORDER,
                arguments = listOf(
                    navArgument("accountId") { type = NavType.StringType },
                    navArgument("orderId") {
                        type = NavType.StringType
                        nullable = true
                        defaultValue = null
                    },
                ),
            ) {
                OrderEntryScreen(
                    repo,
                    accountId = it.arguments?.getString("accountId").orEmpty(),
                    orderId = it.arguments?.getString("orderId"),
                    onDone = { nav.popBackStack() },
                )
            }
            composable(Routes.QUOTE, arguments = listOf(navArgument("quoteId") { type = NavType.StringType })) {
                QuoteScreen(
                    repo,
                    it.arguments?.getString("quoteId").orEmpty(),
                    onOrder = { accountId, orderId -> nav.navigate(Routes.order(accountId, orderId)) },
                    onQuote = { id -> nav.navigate(Routes.quote(id)) },
                )
            }
        }
    }
}

/** Bottom-bar navigation: one copy of each tab, its state kept. */
private fun NavHostController.switchTab(route: String) = navigate(route) {
    popUpTo(graph.findStartDestination().id) { saveState = true }
    launchSingleTop = true
    restoreState = true
}
