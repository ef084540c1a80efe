import '@ynput/ayon-react-components/dist/style.css'
import './style.css'
import { createRoot } from 'react-dom/client'
import { App } from './App'

createRoot(document.getElementById('root')!).render(<App />)
