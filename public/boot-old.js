// Runs only in browsers without JavaScript modules (too old for the app, which
// boot.js would load): shows index.html's "browser too old" message.
(function () {
  var loading = document.getElementById('boot-loading');
  var old = document.getElementById('boot-old');
  if (loading) loading.hidden = true;
  if (old) old.hidden = false;
})();
