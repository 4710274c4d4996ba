/* leadlib-run-on-open: a JupyterLab 4 front-end extension, hand-written (no build step).
 *
 * What it does, in JupyterLab only (Voila loads no extension but the widget manager):
 *  - a notebook whose metadata says {"leadlib": {"run_on_open": true}} (the learner's
 *    working copy, see leadlib/workcopy.py) and whose code cells are all trusted (signed
 *    on this computer, as `jupyter trust` does) runs its code cells once, in order, as
 *    soon as its kernel is ready: the exercises come to life without Run All. Afterwards
 *    the notebook is marked unmodified again, unless the learner edited it meanwhile;
 *  - /lab with no document open opens the start page, 00_start_here.ipynb.
 * leadlib/labconfig.py installs this file with answer-groups.js before it (the answer
 * buttons' keyboard behaviour, shared with the app), as one script.
 *
 * The state of each notebook is on its panel, for people and tests alike:
 *   panel.dataset.leadlibRunOnOpen = waiting | running | done | failed | untrusted
 *
 * It is a webpack "federated module" container without webpack: JupyterLab loads this
 * file, then calls init(shareScope) and get('./extension'). The plugin asks for no
 * service token, so it needs no shared module; it uses the application object only.
 */
(function () {
  'use strict';
  var NAME = 'leadlib-run-on-open';
  var START = '00_start_here.ipynb';

  function setState(panel, state) {
    panel.node.dataset.leadlibRunOnOpen = state;
  }

  function isNotebookPanel(widget) {
    return !!(widget && widget.node && widget.node.classList.contains('jp-NotebookPanel') &&
      widget.context && widget.sessionContext && widget.content);
  }

  function sources(panel) {
    return panel.content.widgets.map(function (cell) {
      return cell.model.type + '\u0000' + cell.model.sharedModel.getSource();
    }).join('\u0001');
  }

  function kernelReady(panel) {
    var session = panel.sessionContext;
    return session.ready.then(function () {
      return new Promise(function (resolve) {
        function check() {
          var kernel = session.session && session.session.kernel;
          if (kernel && kernel.connectionStatus === 'connected' &&
              (kernel.status === 'idle' || kernel.status === 'busy')) {
            resolve(true);
            return true;
          }
          return false;
        }
        if (check()) return;
        var timer = setInterval(function () {
          if (check() || panel.isDisposed) clearInterval(timer);
          if (panel.isDisposed) resolve(false);
        }, 100);
      });
    });
  }

  async function runOnOpen(panel) {
    await panel.context.ready;
    var model = panel.context.model;
    var meta = model.getMetadata ? model.getMetadata('leadlib') : undefined;
    if (!meta || meta.run_on_open !== true) return;
    var cells = panel.content.widgets.filter(function (cell) {
      return cell.model.type === 'code' && cell.model.sharedModel.getSource().trim();
    });
    if (!cells.every(function (cell) { return cell.model.trusted; })) {
      // not signed on this computer: a notebook from elsewhere never runs by itself
      setState(panel, 'untrusted');
      return;
    }
    setState(panel, 'waiting');
    if (!(await kernelReady(panel))) return;
    var wasDirty = model.dirty;
    var before = sources(panel);
    setState(panel, 'running');
    // the course's saved outputs hold widget views with no model behind them yet
    cells.forEach(function (cell) { cell.model.outputs.clear(); });
    var ok = true;
    for (var i = 0; i < cells.length && ok; i++) {
      var cell = cells[i];
      try {
        // CodeCell.execute, reached through the cell's own class (no import needed)
        var reply = await cell.constructor.execute(cell, panel.sessionContext);
        ok = !!reply && reply.content.status === 'ok';
      } catch (error) {
        console.warn(NAME + ': cell ' + i + ' did not run: ' + error);
        ok = false;
      }
    }
    if (!wasDirty && sources(panel) === before) {
      model.dirty = false; // running the course's own code is no change of the learner's
    }
    setState(panel, ok ? 'done' : 'failed');
  }

  function openStartPage(app) {
    var open = Array.from(app.shell.widgets('main'));
    if (open.length || !/\/lab\/?$/.test(window.location.pathname)) return;
    app.serviceManager.contents.get(START, { content: false }).then(function () {
      return app.commands.execute('docmanager:open', { path: START });
    }, function () { /* not a course folder: nothing to open */ });
  }

  var plugin = {
    id: NAME + ':plugin',
    description: 'Runs the course notebooks of the working copy when they are opened.',
    autoStart: true,
    activate: function (app) {
      var seen = new WeakSet();
      function scan() {
        for (var widget of app.shell.widgets('main')) {
          if (!seen.has(widget) && isNotebookPanel(widget)) {
            seen.add(widget);
            runOnOpen(widget).catch(function (error) {
              console.error(NAME + ': ' + error);
            });
          }
        }
      }
      app.shell.layoutModified.connect(scan);
      app.shell.currentChanged.connect(scan);
      app.restored.then(function () {
        scan();
        openStartPage(app);
      });
    }
  };

  var root = (window._JUPYTERLAB = window._JUPYTERLAB || {});
  root[NAME] = {
    init: function () { return Promise.resolve(); },
    get: function (module) {
      if (module !== './extension') {
        return Promise.reject(new Error(NAME + ' has no module ' + module));
      }
      return Promise.resolve(function () {
        return { __esModule: true, default: plugin };
      });
    }
  };
})();
