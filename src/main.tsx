import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { boot } from './state/actions';
import { installApi } from './state/api';
import { watchModels, watchScores } from './state/inspect';
import { applyLink, readLink } from './state/link';
import { App } from './ui/App';
import './ui/app.css';

watchModels(); // every model installed runs on the current input
watchScores(); // the scores view reads the scores it needs
const params = new URLSearchParams(window.location.search);
applyLink(readLink(params)); // a shared link's input, selection and view
const booted = boot({ backend: params.get('backend'), model: params.get('model') });
booted.catch(() => undefined); // shown in the UI; ready() still rejects
installApi(booted);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
